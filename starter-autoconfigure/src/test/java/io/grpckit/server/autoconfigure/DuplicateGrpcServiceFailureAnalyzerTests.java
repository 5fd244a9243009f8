package io.grpckit.server.autoconfigure;

import io.grpckit.testsupport.EchoService;
import io.grpckit.testsupport.FailureAnalyses;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two beans implementing one service fail start-up with a paragraph and an action: the
 * application really registers two Echo services.
 */
class DuplicateGrpcServiceFailureAnalyzerTests {

	@Test
	void twoBeansImplementingOneService() {
		FailureAnalysis analysis = FailureAnalyses.ofStartup(TwoEchoes.class, "grpckit.server.port=0");
		assertThat(analysis.getDescription()).isEqualTo("The gRPC service grpckit.test.Echo is implemented by two "
				+ "beans, 'echo' and 'otherEcho'. A server serves each service name once, so one of them would never "
				+ "be called.");
		assertThat(analysis.getAction()).startsWith("Keep one bean implementing grpckit.test.Echo: remove one,");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TwoEchoes {

		@Bean
		EchoService echo() {
			return new EchoService();
		}

		@Bean
		EchoService otherEcho() {
			return new EchoService();
		}

	}

}
