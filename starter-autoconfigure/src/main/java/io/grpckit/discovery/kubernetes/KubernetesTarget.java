package io.grpckit.discovery.kubernetes;

import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A parsed {@code kubernetes:///<service>[.<namespace>][:<port-name-or-number>]} target.
 *
 * @param service the Service name
 * @param namespace the namespace, or {@code null} for the configured default
 * @param port a port name or number, or {@code null} to choose from the slices' ports
 */
record KubernetesTarget(String service, @Nullable String namespace, @Nullable String port) {

	// DNS labels (RFC 1123) for the names; a port is a number or an IANA_SVC_NAME
	private static final Pattern TARGET = Pattern
		.compile("([a-z0-9]([-a-z0-9]*[a-z0-9])?)(\\.([a-z0-9]([-a-z0-9]*[a-z0-9])?))?(:([a-z0-9][-a-z0-9]*))?");

	static KubernetesTarget parse(URI target) {
		String path = target.getPath();
		String name = (path != null) ? path.replaceFirst("^/+", "") : "";
		if (name.isEmpty() && target.getAuthority() != null) {
			name = target.getAuthority();
		}
		Matcher matcher = TARGET.matcher(name);
		if (!matcher.matches()) {
			throw new IllegalArgumentException("target: " + target + " (expected: " + KubernetesNameResolverProvider.SCHEME
					+ ":///<service>[.<namespace>][:<port-name-or-number>], names in lower case)");
		}
		KubernetesTarget parsed = new KubernetesTarget(matcher.group(1), matcher.group(4), matcher.group(7));
		parsed.portNumber();
		return parsed;
	}

	/**
	 * Return the port number, if the port was given as a number.
	 * @return the number, or -1 for a name or none
	 */
	int portNumber() {
		if (this.port == null || !this.port.chars().allMatch(Character::isDigit)) {
			return -1;
		}
		int number = (this.port.length() <= 5) ? Integer.parseInt(this.port) : 0;
		if (number < 1 || number > 65535) {
			throw new IllegalArgumentException("port: " + this.port + " (expected: 1..65535 or a port name)");
		}
		return number;
	}

	@Override
	public String toString() {
		return this.service + ((this.namespace != null) ? "." + this.namespace : "")
				+ ((this.port != null) ? ":" + this.port : "");
	}

}
