package io.grpckit.internal.ssl;

import java.security.SecureRandom;
import java.util.Collections;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;

import io.grpc.ChannelCredentials;
import io.grpc.ServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettySslContextChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettySslContextServerCredentials;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.OpenSslSessionContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.OpenSslSessionTicketKey;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;

/**
 * grpc-netty-shaded TLS credentials over {@link ReloadableSslManagers}. The SSL context is
 * built here rather than by grpc-java so that a reload can also forget the TLS sessions
 * (session cache and ticket keys): a resumed session skips the certificate exchange and
 * would keep presenting the old certificates on new connections.
 */
public final class NettyTlsCredentials {

	private static final SecureRandom random = new SecureRandom();

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
			SslContext context = builder.build();
			managers.addReloadListener(() -> forgetSessions(context.sessionContext()));
			return context;
		}
		catch (SSLException ex) {
			throw new IllegalStateException("Cannot create the TLS context: " + ex.getMessage(), ex);
		}
	}

	private static void forgetSessions(SSLSessionContext sessions) {
		if (sessions instanceof OpenSslSessionContext openSsl) {
			// tickets sealed with the old keys can no longer resume a session
			openSsl.setTicketKeys(new OpenSslSessionTicketKey(bytes(), bytes(), bytes()));
		}
		for (byte[] id : Collections.list(sessions.getIds())) {
			SSLSession session = sessions.getSession(id);
			if (session != null) {
				session.invalidate();
			}
		}
	}

	private static byte[] bytes() {
		byte[] bytes = new byte[16];
		random.nextBytes(bytes);
		return bytes;
	}

}
