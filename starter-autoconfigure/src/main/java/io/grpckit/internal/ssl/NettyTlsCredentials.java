package io.grpckit.internal.ssl;

import javax.net.ssl.SSLException;

import io.grpc.ChannelCredentials;
import io.grpc.ServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettySslContextChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettySslContextServerCredentials;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;

/**
 * grpc-netty-shaded TLS credentials over {@link ReloadableSslManagers}. The SSL context is
 * built here rather than by grpc-java so that it can be rebuilt on each reload: a resumed
 * TLS session skips the certificate exchange and would keep presenting the old certificates
 * on new connections, so new connections must not find sessions of the previous
 * certificates (each reload builds a new context).
 */
public final class NettyTlsCredentials {

	private NettyTlsCredentials() {
	}

	/**
	 * Server credentials presenting the bundle's certificate.
	 * @param managers the bundle's managers
	 * @param clientAuth whether client certificates are requested or required
	 * @return the credentials
	 */
	public static ServerCredentials server(ReloadableSslManagers managers, ClientAuth clientAuth) {
		return NettySslContextServerCredentials.create(build(managers,
				GrpcSslContexts.configure(SslContextBuilder.forServer(managers.getKeyManager()))
					.trustManager(managers.getTrustManager())
					.clientAuth(clientAuth)));
	}

	/**
	 * Channel credentials trusting the bundle's CAs, presenting its certificate if it has one.
	 * @param managers the bundle's managers
	 * @return the credentials
	 */
	public static ChannelCredentials client(ReloadableSslManagers managers) {
		SslContextBuilder builder = GrpcSslContexts.forClient().trustManager(managers.getTrustManager());
		if (managers.hasKeyStore()) {
			builder.keyManager(managers.getKeyManager());
		}
		return NettySslContextChannelCredentials.create(build(managers, builder));
	}

	private static SslContext build(ReloadableSslManagers managers, SslContextBuilder builder) {
		try {
			return ReloadingSslContext.of(managers, builder);
		}
		catch (SSLException ex) {
			throw new IllegalStateException("Cannot create the TLS context: " + ex.getMessage(), ex);
		}
	}

}
