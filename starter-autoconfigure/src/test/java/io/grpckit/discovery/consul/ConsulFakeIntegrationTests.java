package io.grpckit.discovery.consul;

import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpckit.client.GrpcChannelFactory;
import io.grpckit.discovery.RegistrationState;
import io.grpckit.discovery.ServiceInstance;
import io.grpckit.discovery.consul.internal.ConsulClient;
import io.grpckit.discovery.internal.Backoff;
import io.grpckit.discovery.testsupport.DiscoveryTestApplication;
import io.grpckit.discovery.testsupport.FakeConsul;
import io.grpckit.discovery.testsupport.RolloutCaller;
import io.grpckit.server.GrpcServerLifecycle;
import io.grpckit.server.GrpcServerStoppingEvent;
import io.grpckit.test.proto.EchoGrpc;
import io.grpckit.test.proto.EchoRequest;
import io.grpckit.testsupport.NamedEchoService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Consul registration and the {@code consul:///} resolver against {@link FakeConsul}, an
 * in-process fake of Consul's HTTP API whose gRPC check calls the instance's real health
 * service: the same behaviours the etcd tests prove against a real etcd.
 */
class ConsulFakeIntegrationTests {

	private static final String TOKEN = "acl-token-42";

	private FakeConsul consul;

	private final List<AutoCloseable> resources = new ArrayList<>();

	@BeforeEach
	void startFake() {
		this.consul = FakeConsul.start(TOKEN);
	}

	@AfterEach
	void close() throws Exception {
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			this.resources.get(i).close();
		}
		this.consul.close();
	}

	@Test
	void registersWithGrpcCheckTagsMetaAndTokenThenDeregistersBeforeTheServerRefusesCalls() {
		ConfigurableApplicationContext context = server("graceful", "grpckit.discovery.consul.tags=grpc,blue",
				"grpckit.discovery.version=1.2.3");
		int port = context.getBean(GrpcServerLifecycle.class).getPort();
		// passing means the fake's gRPC check reached the server's health service
		await().atMost(Duration.ofSeconds(5)).until(() -> "passing".equals(this.consul.status("graceful")));
		JsonNode body = this.consul.registrations().get(0);
		assertThat(body.path("Name").asString()).isEqualTo("echo");
		assertThat(body.path("Address").asString()).isEqualTo("127.0.0.1");
		assertThat(body.path("Port").asInt()).isEqualTo(port);
		assertThat(body.path("Tags").toString()).isEqualTo("[\"grpc\",\"blue\"]");
		assertThat(body.path("Meta").path("gRPC_port").asString()).isEqualTo(Integer.toString(port));
		assertThat(body.path("Meta").path("version").asString()).isEqualTo("1.2.3");
		assertThat(body.path("Meta").path("grpc_services").asString()).contains("grpckit.test.Echo");
		assertThat(body.path("Check").path("GRPC").asString()).isEqualTo("127.0.0.1:" + port);
		assertThat(body.path("Check").path("DeregisterCriticalServiceAfter").asString()).isEqualTo("1000ms");
		assertThat(body.path("Check").path("GRPCUseTLS").asBoolean()).isFalse();
		assertThat(this.consul.tokens()).isNotEmpty().allMatch(TOKEN::equals);

		List<String> seenWhileStopping = new CopyOnWriteArrayList<>();
		ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
		this.resources.add(channel::shutdownNow);
		context.addApplicationListener((ApplicationListener<GrpcServerStoppingEvent>) (event) -> {
			seenWhileStopping.add("status=" + this.consul.status("graceful"));
			seenWhileStopping.add("call=" + EchoGrpc.newBlockingStub(channel)
				.withDeadlineAfter(2, TimeUnit.SECONDS)
				.unary(EchoRequest.getDefaultInstance())
				.getText());
		});
		context.close();
		assertThat(seenWhileStopping).containsExactly("status=null", "call=graceful");
	}

	@Test
	void deadInstanceLeavesThePassingListAndIsRemovedAfterDeregisterCriticalServiceAfter() throws Exception {
		Server server = healthyServer("dying");
		ConsulServiceRegistration registration = registration(TOKEN);
		registration.register(new ServiceInstance("echo", "dying", "127.0.0.1", server.getPort(), Map.of()));
		await().atMost(Duration.ofSeconds(5)).until(() -> "passing".equals(this.consul.status("dying")));
		registration.close();
		server.shutdownNow();
		await().atMost(Duration.ofSeconds(1)).until(() -> "critical".equals(this.consul.status("dying")));
		await().atMost(Duration.ofSeconds(3)).until(() -> this.consul.status("dying") == null);
	}

	@Test
	void registrationComesBackWhenTheAgentForgetsItOrWasDown() throws Exception {
		Server server = healthyServer("healing");
		ConsulServiceRegistration registration = registration(TOKEN);
		registration.register(new ServiceInstance("echo", "healing", "127.0.0.1", server.getPort(), Map.of()));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.consul.status("healing") != null);
		this.consul.forget("healing");
		await().atMost(Duration.ofSeconds(5)).until(() -> this.consul.status("healing") != null);

		this.consul.stopHttp();
		this.consul.forget("healing");
		await().atMost(Duration.ofSeconds(5)).until(() -> registration.getStatus().state() == RegistrationState.RETRYING);
		this.consul.startHttp();
		await().atMost(Duration.ofSeconds(5)).until(() -> "passing".equals(this.consul.status("healing")));
		// the registry shows the instance a moment before the registration records its success
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(registration.getStatus().state()).isEqualTo(RegistrationState.REGISTERED));
	}

	@Test
	void aclRefusalIsReportedAsFailedWithTheReason() throws Exception {
		Server server = healthyServer("refused");
		ConsulServiceRegistration registration = registration(null);
		registration.register(new ServiceInstance("echo", "refused", "127.0.0.1", server.getPort(), Map.of()));
		await().atMost(Duration.ofSeconds(5)).until(() -> registration.getStatus().state() == RegistrationState.FAILED);
		assertThat(registration.getStatus().reason()).contains("403");
	}

	@Test
	void resolverSeesAnAddedAndARemovedInstanceWithinTwoSeconds() throws Exception {
		ConsulServiceRegistration first = registration(TOKEN);
		first.register(new ServiceInstance("echo", "first", "127.0.0.1", healthyServer("first").getPort(), Map.of()));
		EchoGrpc.EchoBlockingStub stub = client("consul:///echo");
		await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() -> "first".equals(call(stub)));

		ConsulServiceRegistration second = registration(TOKEN);
		second.register(new ServiceInstance("echo", "second", "127.0.0.1", healthyServer("second").getPort(), Map.of()));
		// added: registered, passing its first check, then pushed by the blocking query
		await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(10)).until(() -> "second".equals(call(stub)));

		assertThat(second.deregister(Duration.ofSeconds(2))).isTrue();
		await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(10)).until(() -> {
			for (int i = 0; i < 20; i++) {
				if (!"first".equals(call(stub))) {
					return false;
				}
			}
			return true;
		});
	}

	@Test
	void roundRobinSpreadsCallsEvenlyOverThreeRegisteredServers() {
		for (String name : List.of("s1", "s2", "s3")) {
			server(name);
		}
		EchoGrpc.EchoBlockingStub stub = client("discovery:///echo");
		await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> spread(stub, 30).size() == 3);
		Map<String, Integer> counts = spread(stub, 300);
		System.out.println("round_robin over consul:///echo: " + counts);
		assertThat(counts).containsOnlyKeys("s1", "s2", "s3");
		assertThat(counts.values()).allSatisfy((count) -> assertThat(count).isBetween(80, 120));
	}

	@Test
	void gracefulRolloutFailsNoCall() throws Exception {
		ConfigurableApplicationContext first = server("g1", "grpckit.server.shutdown.quiet-period=500ms");
		server("g2");
		server("g3");
		try (RolloutCaller caller = new RolloutCaller(client("consul:///echo"))) {
			caller.awaitServed("g1", "g2", "g3");
			caller.resetLatency();
			caller.event("g1 stopping");
			first.close();
			caller.event("g1 stopped, g4 starting");
			server("g4");
			caller.awaitServed("g4");
			caller.awaitFreshCallsAvoid("g1");
			caller.stop();
			System.out.println("Rollout through Consul (fake), graceful stop: " + caller.summary());
			assertThat(caller.failures).isEmpty();
			assertThat(caller.lostAfterAnswerStarted).isEmpty();
		}
	}

	@Test
	void crashedInstanceFailsNoCallWithRetryOnUnavailable() throws Exception {
		server("c1");
		server("c3");
		// the instance that crashes runs in its own JVM and is killed with SIGKILL
		File log = File.createTempFile("grpckit-crashing-instance", ".log");
		Process crashing = DiscoveryTestApplication.startProcess(log, "c2", serverProperties().toArray(String[]::new));
		this.resources.add(crashing::destroyForcibly);
		try (RolloutCaller caller = new RolloutCaller(client("consul:///echo",
				"grpckit.client.channel.echo.method[0].retry.max-attempts=5",
				"grpckit.client.channel.echo.method[0].retry.initial-backoff=20ms",
				"grpckit.client.channel.echo.method[0].retry.max-backoff=200ms",
				"grpckit.client.channel.echo.method[0].retry.retryable-status-codes=UNAVAILABLE"))) {
			caller.awaitServed("c1", "c2", "c3");
			caller.resetLatency();
			caller.event("c2 killed");
			crashing.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			caller.event("c2 crashed, c4 starting");
			server("c4");
			caller.event("c4 started");
			caller.awaitServed("c4");
			// the fake's gRPC check turns it critical, then DeregisterCriticalServiceAfter removes it
			await().atMost(Duration.ofSeconds(5)).until(() -> this.consul.status("c2") == null);
			caller.awaitFreshCallsAvoid("c2");
			caller.stop();
			System.out.println("Rollout through Consul (fake), crash with retry on UNAVAILABLE: " + caller.summary());
			assertThat(caller.failures).isEmpty();
			// only calls in flight at the instant of the kill (one per caller thread at most)
			assertThat(caller.lostAfterAnswerStarted).hasSizeLessThanOrEqualTo(4);
		}
	}

	private List<String> serverProperties() {
		return List.of("grpckit.discovery.consul.url=" + this.consul.url(), "grpckit.discovery.consul.token=" + TOKEN,
				"grpckit.discovery.consul.check-interval=100ms",
				"grpckit.discovery.consul.deregister-critical-service-after=1s",
				"grpckit.discovery.consul.heal-interval=500ms", "grpckit.server.shutdown.grace-period=5s");
	}

	private ConfigurableApplicationContext server(String name, String... more) {
		List<String> properties = new ArrayList<>(serverProperties());
		properties.addAll(List.of(more));
		ConfigurableApplicationContext context = DiscoveryTestApplication.start(name, properties.toArray(String[]::new));
		this.resources.add(context::close);
		return context;
	}

	private EchoGrpc.EchoBlockingStub client(String target, String... more) {
		List<String> properties = new ArrayList<>(List.of("grpckit.discovery.consul.url=" + this.consul.url(),
				"grpckit.discovery.consul.token=" + TOKEN, "grpckit.discovery.consul.wait=5s"));
		properties.addAll(List.of(more));
		ConfigurableApplicationContext context = DiscoveryTestApplication.client(target,
				properties.toArray(String[]::new));
		this.resources.add(context::close);
		return EchoGrpc.newBlockingStub(context.getBean(GrpcChannelFactory.class).createChannel("echo"));
	}

	private ConsulServiceRegistration registration(String token) {
		ConsulClient client = new ConsulClient(new ConsulConnectionDetails() {

			@Override
			public java.net.URI getUrl() {
				return ConsulFakeIntegrationTests.this.consul.url();
			}

			@Override
			public String getToken() {
				return token;
			}

		}, Duration.ofSeconds(1));
		ConsulServiceRegistration registration = new ConsulServiceRegistration(client,
				new ConsulServiceRegistration.Settings(List.of(), Duration.ofMillis(100), Duration.ofMillis(500),
						Duration.ofSeconds(1), Duration.ofMillis(200), false),
				new Backoff(Duration.ofMillis(100), Duration.ofMillis(500)));
		this.resources.add(registration);
		return registration;
	}

	private Server healthyServer(String name) throws Exception {
		HealthStatusManager health = new HealthStatusManager();
		Server server = NettyServerBuilder.forPort(0)
			.addService(new NamedEchoService(name))
			.addService(health.getHealthService())
			.build()
			.start();
		this.resources.add(() -> server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
		return server;
	}

	private static Map<String, Integer> spread(EchoGrpc.EchoBlockingStub stub, int calls) {
		Map<String, Integer> counts = new TreeMap<>();
		for (int i = 0; i < calls; i++) {
			counts.merge(call(stub), 1, Integer::sum);
		}
		return counts;
	}

	private static String call(EchoGrpc.EchoBlockingStub stub) {
		return stub.withDeadlineAfter(2, TimeUnit.SECONDS).unary(EchoRequest.getDefaultInstance()).getText();
	}

}
