package io.grpckit.server.autoconfigure;

import io.grpc.InsecureServerCredentials;
import io.grpc.ServerCredentials;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpckit.internal.ssl.NettyTlsCredentials;
import io.grpckit.internal.ssl.ReloadableSslManagers;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.util.StringUtils;

/**
 * The credentials of the network server from {@code grpckit.server.ssl.*}: plaintext, or
 * TLS from an SSL bundle whose managers follow the bundle's reloads.
 */
final class ServerTlsCredentials {

	private ServerTlsCredentials() {
	}

	static ServerCredentials of(ServerSslProperties ssl, ObjectProvider<SslBundles> sslBundles) {
		String bundle = ssl.getBundle();
		if (!StringUtils.hasText(bundle)) {
			return InsecureServerCredentials.create();
		}
		SslBundles bundles = sslBundles.getIfAvailable();
		if (bundles == null) {
			throw new InvalidConfigurationPropertyValueException("grpckit.server.ssl.bundle", bundle,
					"no SslBundles bean; is Spring Boot's SslAutoConfiguration excluded?");
		}
		ReloadableSslManagers managers = ReloadableSslManagers.of(bundles, "grpckit.server.ssl.bundle", bundle);
		if (!managers.hasKeyStore()) {
			throw new InvalidConfigurationPropertyValueException("grpckit.server.ssl.bundle", bundle,
					"the bundle has no key store, so no server certificate");
		}
		return NettyTlsCredentials.server(managers, clientAuth(ssl.getClientAuth()));
	}

	private static ClientAuth clientAuth(ServerSslProperties.ClientAuth clientAuth) {
		return switch (clientAuth) {
			case NONE -> ClientAuth.NONE;
			case OPTIONAL -> ClientAuth.OPTIONAL;
			case REQUIRED -> ClientAuth.REQUIRE;
		};
	}

}
