package io.grpckit.discovery.etcd;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpckit.client.GrpcChannelFactory;
import io.grpckit.discovery.ServiceInstance;
import io.grpckit.discovery.internal.Backoff;
import io.grpckit.discovery.testsupport.DiscoveryTestApplication;
import io.grpckit.discovery.testsupport.EtcdExtension;
import io.grpckit.test.proto.EchoGrpc;
import io.grpckit.test.proto.EchoRequest;
import io.grpckit.testsupport.NamedEchoService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code etcd:///} resolver in a client application against a real etcd: instances
 * added and removed reach the channel within 2 s, and round_robin spreads calls evenly over
 * three registered servers. Also {@code discovery:///}, which delegates to etcd here.
 */
class EtcdDiscoveryIntegrationTests {

	@RegisterExtension
	static final EtcdExtension etcd = new EtcdExtension();

	private final List<AutoCloseable> resources = new ArrayList<>();

	@AfterEach
	void closeResources() throws Exception {
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			this.resources.get(i).close();
		}
	}

	@Test
	void resolverSeesAnAddedAndARemovedInstanceWithinTwoSeconds() throws Exception {
		register(server("first"), "first");
		EchoGrpc.EchoBlockingStub stub = stub(DiscoveryTestApplication.client("etcd:///echo",
				"grpckit.discovery.etcd.endpoints=" + etcd.endpoint()));
		assertThat(call(stub)).isEqualTo("first");

		EtcdServiceRegistration second = register(server("second"), "second");
		await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(10)).until(() -> "second".equals(call(stub)));

		assertThat(second.deregister(Duration.ofSeconds(2))).isTrue();
		long removed = System.nanoTime();
		// removed: 20 calls in a row avoid it
		await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(10)).until(() -> {
			for (int i = 0; i < 20; i++) {
				if (!"first".equals(call(stub))) {
					return false;
				}
			}
			return true;
		});
		System.out.println("Removal reached the client after at most "
				+ TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - removed) + " ms");
	}

	@Test
	void channelKeepsItsAddressesWhileEtcdIsDownAndTheWatchComesBack() throws Exception {
		register(server("steady"), "steady");
		EchoGrpc.EchoBlockingStub stub = stub(DiscoveryTestApplication.client("etcd:///echo",
				"grpckit.discovery.etcd.endpoints=" + etcd.endpoint()));
		await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() -> "steady".equals(call(stub)));
		etcd.process().stop();
		try {
			await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> "steady".equals(call(stub)));
		}
		finally {
			etcd.process().restart();
		}
		register(server("newcomer"), "newcomer");
		await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(10))
			.until(() -> "newcomer".equals(call(stub)));
	}

	@Test
	void roundRobinSpreadsCallsEvenlyOverThreeRegisteredServers() throws Exception {
		List<ConfigurableApplicationContext> servers = new ArrayList<>();
		for (String name : List.of("s1", "s2", "s3")) {
			ConfigurableApplicationContext server = DiscoveryTestApplication.start(name,
					"grpckit.discovery.etcd.endpoints=" + etcd.endpoint(), "grpckit.discovery.etcd.ttl=2");
			this.resources.add(server::close);
			servers.add(server);
		}
		EchoGrpc.EchoBlockingStub stub = stub(DiscoveryTestApplication.client("discovery:///echo",
				"grpckit.discovery.etcd.endpoints=" + etcd.endpoint()));
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			Map<String, Integer> counts = spread(stub, 30);
			return counts.size() == 3;
		});
		Map<String, Integer> counts = spread(stub, 300);
		System.out.println("round_robin over etcd:///echo: " + counts);
		assertThat(counts).containsOnlyKeys("s1", "s2", "s3");
		assertThat(counts.values()).allSatisfy((count) -> assertThat(count).isBetween(80, 120));
	}

	private static Map<String, Integer> spread(EchoGrpc.EchoBlockingStub stub, int calls) {
		Map<String, Integer> counts = new TreeMap<>();
		for (int i = 0; i < calls; i++) {
			counts.merge(call(stub), 1, Integer::sum);
		}
		return counts;
	}

	private EchoGrpc.EchoBlockingStub stub(ConfigurableApplicationContext context) {
		this.resources.add(context::close);
		return EchoGrpc.newBlockingStub(context.getBean(GrpcChannelFactory.class).createChannel("echo"));
	}

	private static String call(EchoGrpc.EchoBlockingStub stub) {
		return stub.withDeadlineAfter(2, TimeUnit.SECONDS).unary(EchoRequest.getDefaultInstance()).getText();
	}

	private Server server(String name) throws Exception {
		Server server = NettyServerBuilder.forPort(0).addService(new NamedEchoService(name)).build().start();
		this.resources.add(() -> server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
		return server;
	}

	private EtcdServiceRegistration register(Server server, String id) {
		EtcdServiceRegistration registration = new EtcdServiceRegistration(etcd.client(), "/grpckit/services",
				Duration.ofSeconds(2), Duration.ofSeconds(1), new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1)));
		this.resources.add(registration);
		registration.register(new ServiceInstance("echo", id, "127.0.0.1", server.getPort(), Map.of()));
		return registration;
	}

}
