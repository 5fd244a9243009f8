package io.grpckit.client.autoconfigure;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.grpc.ChannelCredentials;
import io.grpckit.internal.ssl.NettyTlsCredentials;
import io.grpckit.internal.ssl.ReloadableSslManagers;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.SslBundles;

/**
 * TLS channel credentials from Spring Boot SSL bundles. One set of reloadable managers per
 * bundle, shared by every channel naming it, so that each bundle registers one update
 * handler.
 */
final class SslBundleChannelCredentials {

	private final ObjectProvider<SslBundles> sslBundles;

	private final Map<String, ReloadableSslManagers> managers = new ConcurrentHashMap<>();

	SslBundleChannelCredentials(ObjectProvider<SslBundles> sslBundles) {
		this.sslBundles = sslBundles;
	}

	ChannelCredentials create(String property, String bundle) {
		ReloadableSslManagers bundleManagers = this.managers.computeIfAbsent(bundle,
				(name) -> ReloadableSslManagers.of(bundles(property, name), property, name));
		return NettyTlsCredentials.client(bundleManagers);
	}

	void check(String property, String bundle) {
		ReloadableSslManagers.bundle(bundles(property, bundle), property, bundle);
	}

	private SslBundles bundles(String property, String bundle) {
		SslBundles bundles = this.sslBundles.getIfAvailable();
		if (bundles == null) {
			throw new InvalidConfigurationPropertyValueException(property, bundle,
					"no SslBundles bean; is Spring Boot's SslAutoConfiguration excluded?");
		}
		return bundles;
	}

}
