package io.grpckit.server.autoconfigure;

import io.grpckit.server.GrpcServerLifecycle;
import io.grpckit.testsupport.EchoService;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * With Spring Boot's own gRPC server (spring-boot-grpc-server, on the test classpath) also
 * enabled, start-up fails with a message naming the properties that resolve it.
 */
class SpringBootGrpcServerCoexistenceTests {

	@Test
	void failsFastWhenBothServersAreEnabled() {
		assertThatIllegalStateException().isThrownBy(() -> run("spring.grpc.server.enabled=true"))
			.withMessageContaining("spring.grpc.server.enabled=false")
			.withMessageContaining("grpckit.server.enabled=false");
	}

	@Test
	void startsWhenBootsServerIsSwitchedOff() {
		try (ConfigurableApplicationContext context = run("spring.grpc.server.enabled=false")) {
			assertThat(context.getBean(GrpcServerLifecycle.class).isRunning()).isTrue();
		}
	}

	@Test
	void bootsServerAloneWhenGrpckitIsSwitchedOff() {
		try (ConfigurableApplicationContext context = run("spring.grpc.server.enabled=true",
				"grpckit.server.enabled=false", "spring.grpc.server.port=0")) {
			assertThat(context.getBeansOfType(GrpcServerLifecycle.class)).isEmpty();
		}
	}

	private static ConfigurableApplicationContext run(String... properties) {
		// as arguments, so they win over the test application.properties
		String[] args = java.util.Arrays.stream(properties).map((property) -> "--" + property).toArray(String[]::new);
		return new SpringApplicationBuilder(Application.class).web(WebApplicationType.NONE)
			.properties("grpckit.server.port=0")
			.run(args);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(EchoService.class)
	static class Application {

	}

}
