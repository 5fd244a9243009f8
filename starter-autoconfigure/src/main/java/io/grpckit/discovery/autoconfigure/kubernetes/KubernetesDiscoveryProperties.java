package io.grpckit.discovery.autoconfigure.kubernetes;

import java.time.Duration;

import io.grpckit.internal.properties.PropertyChecks;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Settings of the {@code kubernetes:///} resolver's client. Unset, the client configures
 * itself the way fabric8 does: in a pod from its service account (API server from
 * KUBERNETES_SERVICE_HOST, token, CA and namespace under
 * /var/run/secrets/kubernetes.io/serviceaccount), outside from the current kubeconfig
 * context. Validated right after binding (this class is its own {@link Validator}).
 */
@ConfigurationProperties("grpckit.discovery.kubernetes")
public class KubernetesDiscoveryProperties implements Validator {

	/**
	 * Whether to enable the kubernetes:/// resolver (fabric8's kubernetes-client must be on
	 * the class path). Unset, it is on when the application runs on Kubernetes or api-url is
	 * set.
	 */
	private @Nullable Boolean enabled;

	/**
	 * URL of the Kubernetes API server, e.g. https://kubernetes.default.svc. Defaults to the
	 * in-cluster address, else the kubeconfig's.
	 */
	private @Nullable String apiUrl;

	/**
	 * Namespace of targets that name none. Defaults to the pod's own namespace, else the
	 * kubeconfig context's, else 'default'.
	 */
	private @Nullable String namespace;

	/**
	 * File holding the bearer token for the API server, read again for each request so that
	 * a rotated token is picked up. Defaults to the service account's token.
	 */
	private @Nullable String tokenFile;

	/**
	 * PEM file of the certificate authorities to trust for the API server. Defaults to the
	 * service account's ca.crt, else the kubeconfig's.
	 */
	private @Nullable String caFile;

	/**
	 * Whether to trust any certificate the API server presents and skip the host name check.
	 * For local test clusters only.
	 */
	private boolean trustCertificates;

	/**
	 * Longest time to wait for a connection to the API server.
	 */
	private Duration connectTimeout = Duration.ofSeconds(10);

	public @Nullable Boolean getEnabled() {
		return this.enabled;
	}

	public void setEnabled(@Nullable Boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable String getApiUrl() {
		return this.apiUrl;
	}

	public void setApiUrl(@Nullable String apiUrl) {
		this.apiUrl = apiUrl;
	}

	public @Nullable String getNamespace() {
		return this.namespace;
	}

	public void setNamespace(@Nullable String namespace) {
		this.namespace = namespace;
	}

	public @Nullable String getTokenFile() {
		return this.tokenFile;
	}

	public void setTokenFile(@Nullable String tokenFile) {
		this.tokenFile = tokenFile;
	}

	public @Nullable String getCaFile() {
		return this.caFile;
	}

	public void setCaFile(@Nullable String caFile) {
		this.caFile = caFile;
	}

	public boolean isTrustCertificates() {
		return this.trustCertificates;
	}

	public void setTrustCertificates(boolean trustCertificates) {
		this.trustCertificates = trustCertificates;
	}

	public Duration getConnectTimeout() {
		return this.connectTimeout;
	}

	public void setConnectTimeout(Duration connectTimeout) {
		this.connectTimeout = connectTimeout;
	}

	@Override
	public boolean supports(Class<?> type) {
		return KubernetesDiscoveryProperties.class == type;
	}

	@Override
	public void validate(Object target, Errors errors) {
		KubernetesDiscoveryProperties properties = (KubernetesDiscoveryProperties) target;
		PropertyChecks.positive(errors, "connect-timeout", properties.getConnectTimeout());
	}

}
