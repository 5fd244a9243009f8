package io.grpckit.discovery.autoconfigure.kubernetes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.util.StringUtils;

/**
 * The Kubernetes client of the {@code kubernetes:///} resolver, created when the first
 * channel resolves (start-up reads no kubeconfig and opens no connection): the application's
 * own {@link KubernetesClient} bean if it has one, else one configured by fabric8's
 * auto-detection and {@code grpckit.discovery.kubernetes.*}, closed with the context.
 */
final class LazyKubernetesClient implements Supplier<KubernetesClient>, DisposableBean {

	private static final Log logger = LogFactory.getLog(LazyKubernetesClient.class);

	private final ObjectProvider<KubernetesClient> userClient;

	private final Settings settings;

	private @Nullable KubernetesClient client;

	private boolean owned;

	LazyKubernetesClient(ObjectProvider<KubernetesClient> userClient, Settings settings) {
		this.userClient = userClient;
		this.settings = settings;
	}

	@Override
	public synchronized KubernetesClient get() {
		if (this.client == null) {
			KubernetesClient user = this.userClient.getIfAvailable();
			this.owned = (user == null);
			this.client = (user != null) ? user : new KubernetesClientBuilder().withConfig(config(this.settings)).build();
			logger.info("Kubernetes client for kubernetes:/// targets: API server " + this.client.getMasterUrl()
					+ ", namespace " + this.client.getNamespace());
		}
		return this.client;
	}

	/**
	 * Return whether the client was created.
	 * @return whether a channel resolved through it
	 */
	synchronized boolean isCreated() {
		return this.client != null;
	}

	@Override
	public synchronized void destroy() {
		if (this.client != null && this.owned) {
			this.client.close();
		}
	}

	static Config config(Settings settings) {
		// fabric8's auto-detection: in-cluster service account, else kubeconfig, else system properties
		ConfigBuilder builder = new ConfigBuilder(Config.autoConfigure(null));
		if (StringUtils.hasText(settings.apiUrl())) {
			builder.withMasterUrl(settings.apiUrl());
		}
		if (StringUtils.hasText(settings.namespace())) {
			builder.withNamespace(settings.namespace());
		}
		if (StringUtils.hasText(settings.caFile())) {
			builder.withCaCertFile(settings.caFile());
		}
		if (settings.trustCertificates()) {
			builder.withTrustCerts(true).withDisableHostnameVerification(true);
		}
		if (StringUtils.hasText(settings.tokenFile())) {
			Path tokenFile = Path.of(settings.tokenFile());
			builder.withOauthTokenProvider(() -> readToken(tokenFile));
		}
		builder.withConnectionTimeout(settings.connectTimeoutMillis());
		return builder.build();
	}

	private static String readToken(Path file) {
		try {
			return Files.readString(file, StandardCharsets.UTF_8).trim();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("token-file: " + file + " cannot be read", ex);
		}
	}

	/**
	 * The client settings, bound once from {@link KubernetesDiscoveryProperties}.
	 *
	 * @param apiUrl the API server URL, or {@code null}
	 * @param namespace the namespace, or {@code null}
	 * @param tokenFile the token file, or {@code null}
	 * @param caFile the CA file, or {@code null}
	 * @param trustCertificates whether to trust any certificate
	 * @param connectTimeoutMillis the connect timeout
	 */
	record Settings(@Nullable String apiUrl, @Nullable String namespace, @Nullable String tokenFile,
			@Nullable String caFile, boolean trustCertificates, int connectTimeoutMillis) {

		static Settings of(KubernetesDiscoveryProperties properties) {
			return new Settings(properties.getApiUrl(), properties.getNamespace(), properties.getTokenFile(),
					properties.getCaFile(), properties.isTrustCertificates(),
					(int) Math.min(Integer.MAX_VALUE, properties.getConnectTimeout().toMillis()));
		}

	}

}
