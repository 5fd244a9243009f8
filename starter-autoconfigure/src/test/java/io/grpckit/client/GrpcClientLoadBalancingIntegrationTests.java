package io.grpckit.client;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpckit.actuate.autoconfigure.GrpcEndpointAutoConfiguration;
import io.grpckit.actuate.endpoint.ResolvedAddressRecorder;
import io.grpckit.client.autoconfigure.GrpcClientAutoConfiguration;
import io.grpckit.test.proto.EchoGrpc;
import io.grpckit.test.proto.EchoRequest;
import io.grpckit.testsupport.EchoServer;
import io.grpckit.testsupport.NamedEchoService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Load balancing over three real Netty servers behind one {@code static://} target, each
 * case also with the {@code grpc} endpoint exposed, where the policy runs as the child of
 * the policy recording the resolved addresses.
 */
class GrpcClientLoadBalancingIntegrationTests {

	private static final EchoRequest HELLO = EchoRequest.newBuilder().setText("hello").build();

	private List<NamedEchoService> services;

	private List<EchoServer> servers;

	private String target;

	@BeforeEach
	void startServers() {
		this.services = Stream.of("s1", "s2", "s3").map(NamedEchoService::new).toList();
		this.servers = this.services.stream().map(EchoServer::start).toList();
		this.target = "static://" + String.join(",", this.servers.stream().map(EchoServer::address).toList());
	}

	@AfterEach
	void stopServers() throws InterruptedException {
		for (EchoServer server : this.servers) {
			server.close();
		}
	}

	@ParameterizedTest(name = "recording resolved addresses: {0}")
	@ValueSource(booleans = { false, true })
	void roundRobinSpreadsCallsEvenly(boolean recording) {
		runner(recording)
			.withPropertyValues("grpckit.client.channel.echo.target=" + this.target,
					"grpckit.client.channel.echo.load-balancing-policy=round_robin")
			.run((context) -> {
				EchoGrpc.EchoBlockingStub stub = EchoGrpc
					.newBlockingStub(context.getBean(GrpcChannelFactory.class).createChannel("echo"));
				// round_robin only picks connected backends: call until all three are
				await().atMost(Duration.ofSeconds(10)).until(() -> {
					stub.unary(HELLO);
					return this.services.stream().allMatch((service) -> service.calls() > 0);
				});
				this.services.forEach(NamedEchoService::resetCalls);
				for (int i = 0; i < 300; i++) {
					stub.unary(HELLO);
				}
				assertThat(this.services).allSatisfy((service) -> assertThat(service.calls()).isBetween(80, 120));
				assertRecorded(context, recording, 3);
			});
	}

	@ParameterizedTest(name = "recording resolved addresses: {0}")
	@ValueSource(booleans = { false, true })
	void clientSideHealthCheckingSkipsBackendsNotServing(boolean recording) throws Exception {
		NamedEchoService serving = new NamedEchoService("serving");
		NamedEchoService notServing = new NamedEchoService("not-serving");
		HealthStatusManager servingHealth = new HealthStatusManager();
		HealthStatusManager notServingHealth = new HealthStatusManager();
		servingHealth.setStatus("grpckit.test.Echo", HealthCheckResponse.ServingStatus.SERVING);
		notServingHealth.setStatus("grpckit.test.Echo", HealthCheckResponse.ServingStatus.NOT_SERVING);
		try (EchoServer first = EchoServer.start(List.of(notServing, notServingHealth.getHealthService()));
				EchoServer second = EchoServer.start(List.of(serving, servingHealth.getHealthService()))) {
			runner(recording).withPropertyValues("grpckit.client.channel.echo.target=static://" + first.address() + ","
						+ second.address(), "grpckit.client.channel.echo.load-balancing-policy=round_robin",
						"grpckit.client.channel.echo.health.service-name=grpckit.test.Echo",
						"grpckit.client.channel.echo.wait-for-ready=true", "grpckit.client.channel.echo.default-deadline=10s")
				.run((context) -> {
					EchoGrpc.EchoBlockingStub stub = EchoGrpc
						.newBlockingStub(context.getBean(GrpcChannelFactory.class).createChannel("echo"));
					for (int i = 0; i < 20; i++) {
						stub.unary(HELLO);
					}
					assertThat(serving.calls()).isEqualTo(20);
					assertThat(notServing.calls()).isZero();
					// the backend not serving is resolved all the same: health checking sits below
					assertRecorded(context, recording, 2);
				});
		}
	}

	@ParameterizedTest(name = "recording resolved addresses: {0}")
	@ValueSource(booleans = { false, true })
	void pickFirstSticksToOneServer(boolean recording) {
		runner(recording)
			.withPropertyValues("grpckit.client.channel.echo.target=" + this.target,
					"grpckit.client.channel.echo.load-balancing-policy=pick_first")
			.run((context) -> {
				EchoGrpc.EchoBlockingStub stub = EchoGrpc
					.newBlockingStub(context.getBean(GrpcChannelFactory.class).createChannel("echo"));
				for (int i = 0; i < 30; i++) {
					stub.unary(HELLO);
				}
				assertThat(this.services.stream().map(NamedEchoService::calls)).containsExactlyInAnyOrder(30, 0, 0);
				assertRecorded(context, recording, 3);
			});
	}

	// exposing the grpc endpoint switches the recording on
	static ApplicationContextRunner runner(boolean recording) {
		ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
				AutoConfigurations.of(GrpcClientAutoConfiguration.class, GrpcEndpointAutoConfiguration.class));
		return recording ? runner.withPropertyValues("management.endpoints.web.exposure.include=grpc") : runner;
	}

	private static void assertRecorded(AssertableApplicationContext context, boolean recording, int addresses) {
		if (recording) {
			assertThat(context.getBean(ResolvedAddressRecorder.class).getAddresses("echo")).hasSize(addresses);
		}
		else {
			assertThat(context).doesNotHaveBean(ResolvedAddressRecorder.class);
		}
	}

}
