package io.grpckit.discovery.consul;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpckit.discovery.RegistrationState;
import io.grpckit.discovery.ServiceInstance;
import io.grpckit.discovery.consul.internal.ConsulClient;
import io.grpckit.discovery.internal.Backoff;
import io.grpckit.testsupport.NamedEchoService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testcontainers.Testcontainers;
import org.testcontainers.consul.ConsulContainer;
import org.testcontainers.junit.jupiter.Container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Registration and health queries against a real Consul agent in Docker. Skipped, with
 * "Docker is not available", where there is no Docker engine; {@link ConsulFakeIntegrationTests}
 * covers the same code there.
 */
@org.testcontainers.junit.jupiter.Testcontainers(disabledWithoutDocker = true)
class ConsulTestcontainersIntegrationTests {

	@Container
	static final ConsulContainer consul = new ConsulContainer("hashicorp/consul:1.20");

	private Server server;

	private ConsulClient client;

	private ConsulServiceRegistration registration;

	@BeforeEach
	void start() throws Exception {
		HealthStatusManager health = new HealthStatusManager();
		this.server = NettyServerBuilder.forPort(0)
			.addService(new NamedEchoService("docker"))
			.addService(health.getHealthService())
			.build()
			.start();
		// the agent in the container calls the gRPC check on the host
		Testcontainers.exposeHostPorts(this.server.getPort());
		URI url = URI.create("http://" + consul.getHost() + ":" + consul.getMappedPort(8500));
		this.client = new ConsulClient(() -> url, Duration.ofSeconds(5));
		this.registration = new ConsulServiceRegistration(this.client,
				new ConsulServiceRegistration.Settings(List.of("grpc"), Duration.ofSeconds(1), Duration.ofSeconds(1),
						Duration.ofMinutes(1), Duration.ofSeconds(1), false),
				new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1)));
	}

	@AfterEach
	void stop() throws InterruptedException {
		this.registration.close();
		this.server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
	}

	@Test
	void registeredInstanceTurnsPassingAndLeavesAtDeregistration() throws Exception {
		this.registration.register(new ServiceInstance("echo", "docker-1", "host.testcontainers.internal",
				this.server.getPort(), Map.of("version", "1")));
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.client.passing("echo", 0, Duration.ofSeconds(1)).get().instances().size() == 1);
		ConsulClient.HealthResult result = this.client.passing("echo", 0, Duration.ofSeconds(1)).get();
		assertThat(result.index()).isPositive();
		assertThat(result.instances().get(0).metadata()).containsEntry("gRPC_port",
				Integer.toString(this.server.getPort()));
		// the registry shows the instance a moment before the registration records its success
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(this.registration.getStatus().state()).isEqualTo(RegistrationState.REGISTERED));
		assertThat(this.registration.deregister(Duration.ofSeconds(5))).isTrue();
		assertThat(this.client.passing("echo", 0, Duration.ofSeconds(1)).get().instances()).isEmpty();
	}

}
