package io.grpckit.internal.observation;

import java.net.URI;
import java.net.URISyntaxException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Authorities} splits an authority as {@code new URI(null, authority, null, null,
 * null)} does, which is what Micrometer's gRPC interceptors use.
 */
class AuthoritiesTests {

	@ParameterizedTest
	@ValueSource(strings = { "localhost:9090", "10.0.0.7:443", "[::1]:9090", "[::1]", "greeter", "greeter:http",
			"my-service.default.svc.cluster.local:50051" })
	void splitsLikeAUri(String authority) {
		assertThat(split(authority)).isEqualTo(uri(authority));
	}

	@ParameterizedTest
	@ValueSource(strings = { "" })
	void nothingForAnEmptyAuthority(String authority) {
		assertThat(split(authority)).isEqualTo("null/null");
		assertThat(split(null)).isEqualTo("null/null");
	}

	private static String split(String authority) {
		String[] parts = { "null", "null" };
		Authorities.split(authority, (host) -> parts[0] = host, (port) -> parts[1] = String.valueOf(port));
		return parts[0] + "/" + parts[1];
	}

	private static String uri(String authority) {
		try {
			URI uri = new URI(null, authority, null, null, null);
			return uri.getHost() + "/" + uri.getPort();
		}
		catch (URISyntaxException ex) {
			return "null/null";
		}
	}

}
