package io.grpckit.server.http;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.grpc.Metadata;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for how a whole answer's head is built: its length is the body's, and a service's
 * metadata cannot set the headers that frame the HTTP message.
 */
class WholeResponseTests {

	@Test
	void aWholeAnswerCarriesTheLengthOfAllItsChunks() {
		List<HttpPart> parts = FixedResponse.withLength(List.of(
				new HttpPart.Head(200, Map.of("content-type", List.of("application/json"))),
				new HttpPart.Chunk("{\"a\":".getBytes(StandardCharsets.UTF_8)),
				new HttpPart.Chunk("\"é\"}".getBytes(StandardCharsets.UTF_8))));
		HttpPart.Head head = (HttpPart.Head) parts.get(0);
		assertThat(head.status()).isEqualTo(200);
		assertThat(head.headers()).containsEntry("content-length", List.of("10"))
			.containsEntry("content-type", List.of("application/json"));
		assertThat(parts).hasSize(3);
	}

	@Test
	void anEmptyBodyHasLengthZero() {
		List<HttpPart> parts = FixedResponse.withLength(List.of(new HttpPart.Head(204, Map.of())));
		assertThat(((HttpPart.Head) parts.get(0)).headers()).containsEntry("content-length", List.of("0"));
	}

	@Test
	void framingHeadersFromAServiceAreNotForwarded() {
		Metadata metadata = new Metadata();
		for (String name : List.of("content-length", "transfer-encoding", "connection", "upgrade", "x-kept")) {
			metadata.put(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER), "7");
		}
		assertThat(MetadataHeaders.toHttp(metadata, "")).containsOnlyKeys("x-kept");
	}

}
