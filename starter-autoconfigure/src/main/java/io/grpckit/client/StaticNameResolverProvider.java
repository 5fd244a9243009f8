package io.grpckit.client;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import io.grpc.NameResolver;
import io.grpckit.client.internal.InetNameResolverProvider;

/**
 * Resolves {@code static://host1:port1,host2:port2} targets to a fixed list of addresses,
 * one per host, so that a load-balancing policy such as {@code round_robin} spreads calls
 * over them. IPv6 literals go in brackets: {@code static://[::1]:9090}. The list may also
 * be given as a path, {@code static:///host1:port1,host2:port2}.
 * <p>
 * Instances are registered in {@link io.grpc.NameResolverRegistry} while the application
 * context runs.
 */
public final class StaticNameResolverProvider extends InetNameResolverProvider {

	/** Scheme of the targets this provider resolves. */
	public static final String SCHEME = "static";

	public StaticNameResolverProvider() {
		super(SCHEME);
	}

	@Override
	protected NameResolver createResolver(URI targetUri, NameResolver.Args args) {
		String addressList = targetUri.getRawAuthority();
		if (addressList == null || addressList.isEmpty()) {
			addressList = targetUri.getRawPath().replaceFirst("^/+", "");
		}
		return new StaticNameResolver(parse(addressList), args);
	}

	/**
	 * Return the target in the form grpc-java parses: {@code static://h1:p1,h2:p2} is not a
	 * valid RFC 3986 authority, so the address list moves to the path,
	 * {@code static:///h1:p1,h2:p2}. Other targets are returned unchanged.
	 * @param target the target as configured
	 * @return the target to hand to grpc-java
	 */
	public static String toGrpcTarget(String target) {
		String prefix = SCHEME + "://";
		if (target.startsWith(prefix) && !target.startsWith(prefix + "/")) {
			return prefix + "/" + target.substring(prefix.length());
		}
		return target;
	}

	/**
	 * Parse the address list of a {@code static://} target.
	 * @param addressList {@code host1:port1,host2:port2}
	 * @return the addresses, in order
	 * @throws IllegalArgumentException if the list is empty or an address has no valid
	 * port
	 */
	public static List<HostAndPort> parse(String addressList) {
		if (addressList == null || addressList.isBlank()) {
			throw new IllegalArgumentException("static target has no addresses (expected: static://host1:port1,host2:port2)");
		}
		List<HostAndPort> addresses = new ArrayList<>();
		for (String address : addressList.split(",")) {
			addresses.add(HostAndPort.parse(address.trim()));
		}
		return List.copyOf(addresses);
	}

	/**
	 * One address of a static target.
	 *
	 * @param host the host name or IP literal, without brackets
	 * @param port the port
	 */
	public record HostAndPort(String host, int port) {

		static HostAndPort parse(String address) {
			int colon = address.lastIndexOf(':');
			if (colon <= 0 || colon == address.length() - 1) {
				throw new IllegalArgumentException("address: '" + address + "' (expected: host:port)");
			}
			String host = address.substring(0, colon);
			if (host.startsWith("[") && host.endsWith("]")) {
				host = host.substring(1, host.length() - 1);
			}
			int port;
			try {
				port = Integer.parseInt(address.substring(colon + 1));
			}
			catch (NumberFormatException ex) {
				throw new IllegalArgumentException("address: '" + address + "' (expected: host:port)");
			}
			if (port < 1 || port > 65535) {
				throw new IllegalArgumentException("port: " + port + " (expected: 1..65535)");
			}
			return new HostAndPort(host, port);
		}

		@Override
		public String toString() {
			return (this.host.indexOf(':') >= 0) ? "[" + this.host + "]:" + this.port : this.host + ":" + this.port;
		}

	}

}
