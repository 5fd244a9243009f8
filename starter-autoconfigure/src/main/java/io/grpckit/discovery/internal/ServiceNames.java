package io.grpckit.discovery.internal;

import java.net.URI;

/**
 * Reads the service name of a {@code scheme:///<service>} target.
 */
public final class ServiceNames {

	private ServiceNames() {
	}

	/**
	 * Return the service name of a target.
	 * @param target the target, e.g. {@code etcd:///greeter}
	 * @return the service name
	 * @throws IllegalArgumentException if the target names no service
	 */
	public static String of(URI target) {
		String path = target.getPath();
		String name = (path != null) ? path.replaceFirst("^/+", "") : "";
		if (name.isEmpty() && target.getAuthority() != null) {
			name = target.getAuthority();
		}
		if (name.isEmpty() || name.contains("/")) {
			throw new IllegalArgumentException(
					"target: " + target + " (expected: " + target.getScheme() + ":///<service>)");
		}
		return name;
	}

}
