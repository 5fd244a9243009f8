package io.grpckit.server.http;

import java.util.List;
import java.util.Map;

import io.grpc.Metadata;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which request headers a transcoded call forwards as metadata.
 */
class RequestMetadataTests {

	private static final HttpRequestHead HEAD = new HttpRequestHead("GET", "/v1/x", null,
			Map.of("Authorization", List.of("Bearer t"), "X-Request-Id", List.of("req-1"), "Grpc-Metadata-Trace",
					List.of("abc"), "X-Tenant-Id", List.of("acme"), "X-Other", List.of("no"), "User-Agent",
					List.of("curl/8"), "Cookie", List.of("session=1"), "Content-Type", List.of("application/json")));

	@Test
	void withoutAllowListOnlyAuthorizationRequestIdAndGatewayMetadata() {
		Metadata metadata = RequestMetadata.allowListed(HEAD, List.of());
		assertThat(metadata.keys()).containsExactlyInAnyOrder("authorization", "x-request-id", "trace");
		assertThat(metadata.get(key("trace"))).isEqualTo("abc");
	}

	@Test
	void allowListPatternsMatchWithoutRegardToCase() {
		Metadata metadata = RequestMetadata.allowListed(HEAD, List.of("X-Tenant-*"));
		assertThat(metadata.keys()).containsExactlyInAnyOrder("authorization", "x-request-id", "trace", "x-tenant-id");
		assertThat(metadata.get(key("x-tenant-id"))).isEqualTo("acme");
	}

	@Test
	void reservedHeadersStayBehindEvenWhenAllowed() {
		Metadata metadata = RequestMetadata.allowListed(HEAD, List.of("*"));
		assertThat(metadata.keys()).containsExactlyInAnyOrder("authorization", "x-request-id", "trace", "x-tenant-id",
				"x-other");
	}

	private static Metadata.Key<String> key(String name) {
		return Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER);
	}

}
