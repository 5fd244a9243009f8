package io.grpckit.actuate.health;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpckit.testsupport.Channels;
import io.grpckit.testsupport.EchoService;
import io.grpckit.testsupport.FailureAnalyses;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * The server and Spring Boot's health feed each other: the grpcServer contributor shows in
 * /actuator/health and the readiness group, and Boot's health drives gRPC health.
 */
class ActuatorHealthIntegrationTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void grpcServerContributorAndReadinessDuringShutdown() throws Exception {
		ConfigurableApplicationContext context = start("grpckit.server.shutdown.quiet-period=2s");
		try {
			int httpPort = context.getEnvironment().getProperty("local.server.port", Integer.class);
			int grpcPort = context.getEnvironment().getProperty("local.grpckit.server.port", Integer.class);
			String health = get(httpPort, "/actuator/health").body();
			assertThat(health).contains("\"grpcServer\"", "\"state\":\"RUNNING\"", "\"port\":" + grpcPort,
					"grpckit.test.Echo");
			assertThat(get(httpPort, "/actuator/health/readiness").statusCode()).isEqualTo(200);
			// Boot's probe groups hide their components over HTTP, so ask the groups themselves
			HealthEndpointGroups groups = context.getBean(HealthEndpointGroups.class);
			assertThat(groups.get("readiness").isMember("grpcServer")).isTrue();
			assertThat(groups.get("readiness").isMember("readinessState")).isTrue();
			assertThat(groups.get("liveness").isMember("grpcServer")).isFalse();

			Thread closer = new Thread(context::close, "closer");
			closer.start();
			// during the quiet period, HTTP still answers and readiness says no
			HttpResponse<String> refusing = await().atMost(Duration.ofSeconds(5))
				.until(() -> get(httpPort, "/actuator/health/readiness"), (response) -> response.statusCode() == 503);
			assertThat(refusing.body()).contains("OUT_OF_SERVICE");
			closer.join(15_000);
		}
		finally {
			context.close();
		}
	}

	@Test
	void bootHealthDownMakesGrpcNotServing() throws Exception {
		ConfigurableApplicationContext context = start("grpckit.server.health.actuator.update-rate=100ms",
				"grpckit.server.health.actuator.services[grpc.reflection.v1.ServerReflection]=ping");
		ManagedChannel channel = Channels
			.loopback(context.getEnvironment().getProperty("local.grpckit.server.port", Integer.class));
		try {
			HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel);
			// stays SERVING once Boot's health is read (every 100 ms here)
			await().during(Duration.ofMillis(500))
				.atMost(Duration.ofSeconds(10))
				.until(() -> status(health, "") == ServingStatus.SERVING);
			Switch.down = true;
			await().atMost(Duration.ofSeconds(5)).until(() -> status(health, "") == ServingStatus.NOT_SERVING);
			assertThat(status(health, "grpckit.test.Echo")).isEqualTo(ServingStatus.NOT_SERVING);
			// follows its own health path ('ping', always UP), not the overall health
			assertThat(status(health, "grpc.reflection.v1.ServerReflection")).isEqualTo(ServingStatus.SERVING);
			Switch.down = false;
			await().atMost(Duration.ofSeconds(5)).until(() -> status(health, "") == ServingStatus.SERVING);
		}
		finally {
			Switch.down = false;
			Channels.close(channel);
			context.close();
		}
	}

	@Test
	void unknownServiceNameFailsStartupListingTheServedOnes() {
		Throwable failure = catchThrowable(() -> start("grpckit.server.health.actuator.services[grpckit.test.Ecko]=ping"));
		FailureAnalysis analysis = FailureAnalyses.analyze(failure);
		assertThat(analysis.getDescription())
			.contains("'grpckit.server.health.actuator.services[grpckit.test.Ecko]'")
			.contains("no gRPC service 'grpckit.test.Ecko' is served")
			// the application's services and the kit's own, health included
			.contains("grpckit.test.Echo", "grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection");
		assertThat(analysis.getAction()).contains("Review the value of the property");
	}

	private static ServingStatus status(HealthGrpc.HealthBlockingStub health, String service) {
		return health.withDeadlineAfter(5, TimeUnit.SECONDS).check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus();
	}

	private ConfigurableApplicationContext start(String... properties) {
		return new SpringApplicationBuilder(Application.class)
			.properties("server.port=0", "grpckit.server.port=0", "management.endpoint.health.show-details=always",
					"management.endpoint.health.probes.enabled=true")
			.properties(properties)
			.run();
	}

	private HttpResponse<String> get(int port, String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	/** A health contributor the test switches DOWN. */
	static final class Switch implements HealthIndicator {

		static volatile boolean down;

		@Override
		public Health health() {
			return down ? Health.down().build() : Health.up().build();
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(EchoService.class)
	static class Application {

		@Bean
		Switch switchable() {
			return new Switch();
		}

	}

}
