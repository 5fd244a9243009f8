package io.grpckit.internal.observation;

import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * Host and port of a gRPC authority for observation contexts, as Micrometer's gRPC
 * interceptors set them (port -1 when the authority has none), without building a
 * {@link java.net.URI} on every call.
 */
public final class Authorities {

	private Authorities() {
	}

	/**
	 * Split an authority and hand its parts over.
	 * @param authority {@code host}, {@code host:port} or {@code [ipv6]:port}; may be
	 * {@code null}
	 * @param host receives the host, brackets kept
	 * @param port receives the port, -1 if there is none
	 */
	public static void split(@Nullable String authority, Consumer<@Nullable String> host, Consumer<Integer> port) {
		if (authority == null || authority.isEmpty()) {
			return;
		}
		int colon = authority.lastIndexOf(':');
		if (colon <= authority.lastIndexOf(']')) {
			host.accept(authority);
			port.accept(-1);
			return;
		}
		try {
			int number = Integer.parseInt(authority, colon + 1, authority.length(), 10);
			host.accept(authority.substring(0, colon));
			port.accept(number);
		}
		catch (NumberFormatException ex) {
			// a URI takes it as a registry-based authority: no host, no port
			host.accept(null);
			port.accept(-1);
		}
	}

}
