package io.grpckit.internal.ssl;

import java.util.List;

import org.springframework.boot.ssl.NoSuchSslBundleException;

/**
 * Thrown when a kit property names an SSL bundle that is not configured. Spring Boot's
 * failure analysis explains it in a paragraph, listing the bundles that exist.
 */
public class MissingSslBundleException extends IllegalStateException {

	private final String property;

	private final String bundle;

	private final List<String> knownBundles;

	/**
	 * Create an exception.
	 * @param property the property naming the bundle, e.g. {@code grpckit.server.ssl.bundle}
	 * @param bundle the bundle name it gives
	 * @param knownBundles the names of the configured bundles
	 * @param cause Spring Boot's exception, when there is one
	 */
	public MissingSslBundleException(String property, String bundle, List<String> knownBundles,
			NoSuchSslBundleException cause) {
		super(property + "=" + bundle + " names no configured SSL bundle (configured: " + knownBundles + ")", cause);
		this.property = property;
		this.bundle = bundle;
		this.knownBundles = List.copyOf(knownBundles);
	}

	/**
	 * Return the property naming the bundle.
	 * @return the property name
	 */
	public String getProperty() {
		return this.property;
	}

	/**
	 * Return the bundle name the property gives.
	 * @return the bundle name
	 */
	public String getBundle() {
		return this.bundle;
	}

	/**
	 * Return the names of the configured bundles.
	 * @return the bundle names, perhaps empty
	 */
	public List<String> getKnownBundles() {
		return this.knownBundles;
	}

}
