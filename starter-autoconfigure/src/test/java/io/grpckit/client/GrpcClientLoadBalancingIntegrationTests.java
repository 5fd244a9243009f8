package io.grpckit.client;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.protobuf.services.HealthStatusManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.grpckit.client.autoconfigure.GrpcClientAutoConfiguration;
import io.grpckit.client.testsupport.DelayingEchoService;
import io.grpckit.client.testsupport.EchoServer;
import io.grpckit.test.proto.EchoGrpc;
import io.grpckit.test.proto.EchoRequest;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Load balancing over three real Netty servers behind one {@code static://} target.
 */
class GrpcClientLoadBalancingIntegrationTests {

	private static final EchoRequest HELLO = EchoRequest.newBuilder().setText("hello").build();

	private List<DelayingEchoService> services;

	private List<EchoServer> servers;

	private ApplicationContextRunner contextRunner;

	@BeforeEach
	void startServers() {
		this.services = Stream.of("s1", "s2", "s3").map(DelayingEchoService::new).toList();
		this.servers = this.services.stream().map(EchoServer::start).toList();
		String target = "static://" + String.join(",", this.servers.stream().map(EchoServer::address).toList());
		this.contextRunner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(GrpcClientAutoConfiguration.class))
			.withPropertyValues("grpckit.client.channel.echo.target=" + target);
	}

	@AfterEach
	void stopServers() throws InterruptedException {
		for (EchoServer server : this.servers) {
			server.close();
		}
		this.services.forEach(DelayingEchoService::close);
	}

	@Test
	void roundRobinSpreadsCallsEvenly() {
		this.contextRunner.withPropertyValues("grpckit.client.channel.echo.load-balancing-policy=round_robin")
			.run((context) -> {
				EchoGrpc.EchoBlockingStub stub = EchoGrpc
					.newBlockingStub(context.getBean(GrpcChannelFactory.class).createChannel("echo"));
				// round_robin only picks connected backends: call until all three are
				await().atMost(Duration.ofSeconds(10)).until(() -> {
					stub.unary(HELLO);
					return this.services.stream().allMatch((service) -> service.calls() > 0);
				});
				this.services.forEach(DelayingEchoService::resetCalls);
				for (int i = 0; i < 300; i++) {
					stub.unary(HELLO);
				}
				assertThat(this.services).allSatisfy((service) -> assertThat(service.calls()).isBetween(80, 120));
			});
	}

	@Test
	void clientSideHealthCheckingSkipsBackendsNotServing() throws Exception {
		DelayingEchoService serving = new DelayingEchoService("serving");
		DelayingEchoService notServing = new DelayingEchoService("not-serving");
		HealthStatusManager servingHealth = new HealthStatusManager();
		HealthStatusManager notServingHealth = new HealthStatusManager();
		servingHealth.setStatus("grpckit.test.Echo", HealthCheckResponse.ServingStatus.SERVING);
		notServingHealth.setStatus("grpckit.test.Echo", HealthCheckResponse.ServingStatus.NOT_SERVING);
		try (EchoServer first = EchoServer.start(List.of(notServing, notServingHealth.getHealthService()));
				EchoServer second = EchoServer.start(List.of(serving, servingHealth.getHealthService()))) {
			new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(GrpcClientAutoConfiguration.class))
				.withPropertyValues("grpckit.client.channel.echo.target=static://" + first.address() + ","
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
				});
		}
		finally {
			serving.close();
			notServing.close();
		}
	}

	@Test
	void pickFirstSticksToOneServer() {
		this.contextRunner.withPropertyValues("grpckit.client.channel.echo.load-balancing-policy=pick_first")
			.run((context) -> {
				EchoGrpc.EchoBlockingStub stub = EchoGrpc
					.newBlockingStub(context.getBean(GrpcChannelFactory.class).createChannel("echo"));
				for (int i = 0; i < 30; i++) {
					stub.unary(HELLO);
				}
				assertThat(this.services.stream().map(DelayingEchoService::calls)).containsExactlyInAnyOrder(30, 0, 0);
			});
	}

}
