package io.grpckit.discovery.cloud;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import io.grpckit.client.GrpcChannelFactory;
import io.grpckit.discovery.testsupport.DiscoveryTestApplication;
import io.grpckit.test.proto.EchoGrpc;
import io.grpckit.test.proto.EchoRequest;
import io.grpckit.testsupport.EchoServer;
import io.grpckit.testsupport.NamedEchoService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.client.discovery.event.HeartbeatEvent;
import org.springframework.cloud.client.discovery.simple.InstanceProperties;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryProperties;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code spring-cloud:///} end to end: a client application with Spring Cloud's
 * {@code SimpleDiscoveryClient} (configured through its properties) calling real gRPC
 * servers on loopback, moved by a {@link HeartbeatEvent}; and a client whose
 * {@code DiscoveryClient} throws, which keeps calling the last good servers.
 */
class SpringCloudDiscoveryIntegrationTests {

	private static final Duration DEADLINE = Duration.ofSeconds(30);

	private static final String SIMPLE = "spring.cloud.discovery.client.simple.instances.echo[0].";

	private final List<AutoCloseable> resources = new ArrayList<>();

	@AfterEach
	void close() throws Exception {
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			this.resources.get(i).close();
		}
	}

	@Test
	void resolvesThroughSimpleDiscoveryClientWithGrpcPortAndMovesOnAChangedHeartbeat() {
		EchoServer a = server("a");
		EchoServer b = server("b");
		// the instance's port is b's, its gRPC_port a's: calls reaching a prove gRPC_port is used
		ConfigurableApplicationContext client = client("spring-cloud:///echo", SIMPLE + "instance-id=a",
				SIMPLE + "host=127.0.0.1", SIMPLE + "port=" + b.port(), SIMPLE + "metadata.gRPC_port=" + a.port());
		// the first heartbeat before any channel resolves: its lookup cannot race the change below
		client.publishEvent(new HeartbeatEvent(this, "v1"));
		EchoGrpc.EchoBlockingStub stub = stub(client);
		await().atMost(DEADLINE).ignoreExceptions().until(() -> served(stub, 10).equals(Set.of("a")));

		InstanceProperties moved = new InstanceProperties();
		moved.setInstanceId("b");
		moved.setServiceId("echo");
		moved.setHost("127.0.0.1");
		moved.setPort(b.port());
		Map<String, List<InstanceProperties>> instances = new LinkedHashMap<>();
		instances.put("echo", List.of(moved));
		client.getBean(SimpleDiscoveryProperties.class).setInstances(instances);
		// the same heartbeat value says nothing changed, and the refresh interval is an hour
		client.publishEvent(new HeartbeatEvent(this, "v1"));
		assertThat(served(stub, 10)).containsExactly("a");

		client.publishEvent(new HeartbeatEvent(this, "v2"));
		await().atMost(DEADLINE).until(() -> served(stub, 10).equals(Set.of("b")));
	}

	@Test
	void discoveryTargetsUseTheDiscoveryClientWhenNoKitBackendIsConfigured() {
		EchoServer a = server("a");
		ConfigurableApplicationContext client = client("discovery:///echo", SIMPLE + "host=127.0.0.1",
				SIMPLE + "port=" + a.port());
		EchoGrpc.EchoBlockingStub stub = stub(client);
		await().atMost(DEADLINE).ignoreExceptions().until(() -> served(stub, 3).equals(Set.of("a")));
	}

	@Test
	void aThrowingDiscoveryClientKeepsTheLastGoodServers() {
		EchoServer a = server("a");
		EchoServer b = server("b");
		SwitchableDiscoveryClient discovery = new SwitchableDiscoveryClient();
		discovery.instances = List.of(SwitchableDiscoveryClient.instance("a", a.port(), Map.of()));
		ConfigurableApplicationContext client = start(new SpringApplicationBuilder(DiscoveryTestApplication.class)
			.initializers((context) -> context.getBeanFactory().registerSingleton("switchable", discovery)),
				"spring-cloud:///echo", "spring.cloud.discovery.client.simple.order=1");
		EchoGrpc.EchoBlockingStub stub = stub(client);
		await().atMost(DEADLINE).ignoreExceptions().until(() -> served(stub, 3).equals(Set.of("a")));

		discovery.failing = new IllegalStateException("registry down");
		int before = discovery.lookups.get();
		client.publishEvent(new HeartbeatEvent(this, "down"));
		await().atMost(DEADLINE).until(() -> discovery.lookups.get() >= before + 2);
		assertThat(served(stub, 10)).containsExactly("a");

		discovery.instances = List.of(SwitchableDiscoveryClient.instance("b", b.port(), Map.of()));
		discovery.failing = null;
		await().atMost(DEADLINE).until(() -> served(stub, 10).equals(Set.of("b")));
	}

	private EchoServer server(String name) {
		EchoServer server = EchoServer.start(new NamedEchoService(name));
		this.resources.add(server);
		return server;
	}

	private ConfigurableApplicationContext client(String target, String... properties) {
		return start(new SpringApplicationBuilder(DiscoveryTestApplication.class), target, properties);
	}

	private ConfigurableApplicationContext start(SpringApplicationBuilder builder, String target,
			String... properties) {
		List<String> all = new ArrayList<>(List.of("test.server-name=client", "grpckit.server.enabled=false",
				"grpckit.discovery.registration.enabled=false", "spring.main.banner-mode=off",
				"grpckit.client.channel.echo.target=" + target,
				"grpckit.client.channel.echo.load-balancing-policy=round_robin",
				"grpckit.discovery.cloud.refresh-interval=1h",
				"grpckit.discovery.backoff.initial=50ms", "grpckit.discovery.backoff.max=200ms"));
		all.addAll(List.of(properties));
		ConfigurableApplicationContext context = builder.web(WebApplicationType.NONE)
			.properties(all.toArray(String[]::new))
			// an argument, to win over the kit tests' application.properties that switch the bridge off
			.run("--grpckit.discovery.cloud.enabled=true");
		this.resources.add(context::close);
		return context;
	}

	private static EchoGrpc.EchoBlockingStub stub(ConfigurableApplicationContext context) {
		return EchoGrpc.newBlockingStub(context.getBean(GrpcChannelFactory.class).createChannel("echo"));
	}

	private static Set<String> served(EchoGrpc.EchoBlockingStub stub, int calls) {
		Set<String> names = new TreeSet<>();
		for (int i = 0; i < calls; i++) {
			names.add(stub.withDeadlineAfter(5, TimeUnit.SECONDS).unary(EchoRequest.getDefaultInstance()).getText());
		}
		return names;
	}

}
