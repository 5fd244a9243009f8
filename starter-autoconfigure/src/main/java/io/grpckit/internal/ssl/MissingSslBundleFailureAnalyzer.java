package io.grpckit.internal.ssl;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a kit property (server or channel) naming an SSL bundle that is not configured.
 */
class MissingSslBundleFailureAnalyzer extends AbstractFailureAnalyzer<MissingSslBundleException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, MissingSslBundleException cause) {
		String configured = cause.getKnownBundles().isEmpty() ? "none"
				: String.join(", ", cause.getKnownBundles());
		return new FailureAnalysis(cause.getProperty() + " names the SSL bundle '" + cause.getBundle()
				+ "', but no SSL bundle of that name is configured. Configured bundles: " + configured + ".",
				"Configure the bundle under spring.ssl.bundle.pem." + cause.getBundle() + ".* or spring.ssl.bundle.jks."
						+ cause.getBundle() + ".*, or set " + cause.getProperty()
						+ " to the name of a configured bundle.",
				cause);
	}

}
