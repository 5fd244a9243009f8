package io.grpckit.actuate.endpoint;

import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.grpc.Status;
import io.grpckit.client.GrpcChannelFactory;
import io.grpckit.test.proto.EchoGrpc;
import io.grpckit.testsupport.ActuatorHttp;
import io.grpckit.testsupport.Calls;
import io.grpckit.testsupport.EchoServer;
import io.grpckit.testsupport.FlakyBackend;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An open circuit breaker, seen from outside a whole application: in the
 * {@code grpcChannels} health details without making anything DOWN, in the {@code grpc}
 * endpoint's channel description, and as Resilience4j's meters.
 */
class CircuitBreakerStateIntegrationTests {

	private final FlakyBackend backend = new FlakyBackend();

	private EchoServer server;

	private ConfigurableApplicationContext context;

	@BeforeEach
	void start() {
		this.server = this.backend.start();
		this.context = new SpringApplicationBuilder(Application.class)
			.properties("server.port=0", "grpckit.server.enabled=false",
					"management.endpoints.web.exposure.include=health,grpc,metrics",
					"management.endpoint.health.show-details=always",
					"grpckit.client.channel.echo.target=" + this.server.address(),
					"grpckit.client.channel.echo.circuit-breaker.enabled=true",
					"grpckit.client.channel.echo.circuit-breaker.sliding-window-size=2",
					"grpckit.client.channel.echo.circuit-breaker.minimum-number-of-calls=2",
					"grpckit.client.channel.echo.circuit-breaker.wait-duration-in-open-state=1h",
					"grpckit.client.channel.plain.target=" + this.server.address())
			.run();
	}

	@AfterEach
	void stop() throws InterruptedException {
		this.context.close();
		this.server.close();
	}

	@Test
	void openBreakerShowsInHealthEndpointAndMeters() throws Exception {
		GrpcChannelFactory channels = this.context.getBean(GrpcChannelFactory.class);
		EchoGrpc.EchoBlockingStub echo = Calls.echo(channels.createChannel("echo"));
		Calls.echo(channels.createChannel("plain")).unary(Calls.request("x"));
		this.backend.failWith(Status.UNAVAILABLE);
		Calls.failure(() -> echo.unary(Calls.request("x")));
		Calls.failure(() -> echo.unary(Calls.request("x")));
		assertThat(Calls.failure(() -> echo.unary(Calls.request("x"))).getDescription())
			.isEqualTo("circuit breaker open for channel echo");

		DocumentContext health = JsonPath.parse(ActuatorHttp.get(this.context, "/actuator/health"));
		assertThat(health.read("$.status", String.class)).isEqualTo("UP");
		assertThat(health.read("$.components.grpcChannels.status", String.class)).isEqualTo("UP");
		assertThat(health.read("$.components.grpcChannels.details.echo", String.class)).isEqualTo("READY");
		assertThat(health.read("$.components.grpcChannels.details.circuitBreakers", Map.class))
			.isEqualTo(Map.of("echo", "OPEN"));

		DocumentContext grpc = JsonPath.parse(ActuatorHttp.get(this.context, "/actuator/grpc"));
		List<Map<String, Object>> breakers = grpc.read("$.channels[?(@.name == 'echo')].circuitBreakers[*]");
		assertThat(breakers).singleElement().satisfies((breaker) -> {
			assertThat(breaker).containsEntry("name", "echo").containsEntry("state", "OPEN");
			assertThat(breaker).containsEntry("bufferedCalls", 2).containsEntry("failedCalls", 2);
			assertThat(breaker).containsEntry("notPermittedCalls", 1);
			assertThat(((Number) breaker.get("failureRate")).floatValue()).isEqualTo(100f);
		});
		List<List<?>> plain = grpc.read("$.channels[?(@.name == 'plain')].circuitBreakers");
		assertThat(plain).containsExactly(List.of());

		MeterRegistry meters = this.context.getBean(MeterRegistry.class);
		assertThat(meters.get("resilience4j.circuitbreaker.state").tag("name", "echo").tag("state", "open")
			.gauge()
			.value()).isEqualTo(1.0);
		assertThat(meters.get("resilience4j.circuitbreaker.not.permitted.calls").tag("name", "echo")
			.counter()
			.count()).isEqualTo(1.0);
		String metric = ActuatorHttp.get(this.context,
				"/actuator/metrics/resilience4j.circuitbreaker.state?tag=name:echo&tag=state:open");
		assertThat(JsonPath.parse(metric).read("$.measurements[0].value", Double.class)).isEqualTo(1.0);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Application {

	}

}
