package io.grpckit.server.interceptor;

import java.util.HashSet;
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

}
