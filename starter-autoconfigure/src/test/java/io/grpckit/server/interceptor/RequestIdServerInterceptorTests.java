package io.grpckit.server.interceptor;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RequestIdServerInterceptorTests {

	@Test
	void generatedIdsAreUniqueVersion4Uuids() {
		Set<String> ids = new HashSet<>();
		for (int i = 0; i < 100_000; i++) {
			UUID id = RequestIdServerInterceptor.randomUuid();
			assertThat(id.version()).isEqualTo(4);
			assertThat(id.variant()).isEqualTo(2);
			ids.add(id.toString());
		}
		assertThat(ids).hasSize(100_000);
	}

	@Test
	void acceptsVisibleAsciiUpTo128Characters() {
		for (String id : List.of("abc-123", "a".repeat(128), "!~", "4f1c2b7e-0000-4000-8000-000000000000")) {
			assertThat(RequestIdServerInterceptor.acceptOrGenerate(id)).isEqualTo(id);
		}
	}

	@Test
	void replacesMissingEmptyLongOrInvisibleIdsWithAUuid() {
		for (String id : Arrays.asList(null, "", "a".repeat(129), "has space", "tab\t", "caf\u00e9", "del\u007f")) {
			String accepted = RequestIdServerInterceptor.acceptOrGenerate(id);
			assertThat(accepted).isNotEqualTo(id);
			assertThat(UUID.fromString(accepted).version()).isEqualTo(4);
		}
	}

}
