package io.grpckit.discovery.kubernetes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpckit.client.GrpcChannelFactory;
import io.grpckit.discovery.testsupport.DiscoveryTestApplication;
import io.grpckit.discovery.testsupport.MockKubernetesApi;
import io.grpckit.test.proto.EchoGrpc;
import io.grpckit.test.proto.EchoRequest;
import io.grpckit.testsupport.NamedEchoService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static io.grpckit.discovery.testsupport.MockKubernetesApi.endpoint;
import static io.grpckit.discovery.testsupport.MockKubernetesApi.ready;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The {@code kubernetes:///} resolver in a client application against fabric8's MOCK
 * Kubernetes API server (kubernetes-server-mock in CRUD mode; no cluster runs): the test
 * writes EndpointSlices the way Kubernetes does, pointing at real gRPC servers on loopback,
 * and calls go through the resolved channel. Each server has its own port, so each gets its
 * own slice, as Kubernetes' slice controller groups endpoints by port.
 */
@ExtendWith(OutputCaptureExtension.class)
class KubernetesDiscoveryIntegrationTests {

	private static final Duration DEADLINE = Duration.ofSeconds(30);

	private final MockKubernetesApi api = new MockKubernetesApi();

	private final List<AutoCloseable> resources = new ArrayList<>();

	@AfterEach
	void closeResources() throws Exception {
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			this.resources.get(i).close();
		}
		this.api.close();
	}

	@Test
	void twoSlicesGiveAllAddresses() throws Exception {
		this.api.putSlice("echo", "echo-a", server("a"), ready("a"));
		this.api.putSlice("echo", "echo-b", server("b"), ready("b"));
		EchoGrpc.EchoBlockingStub stub = stub("kubernetes:///echo");
		await().atMost(DEADLINE).until(() -> served(stub, 20), (names) -> names.equals(Set.of("a", "b")));
	}

	@Test
	void endpointTurningNotReadyDisappears() throws Exception {
		int portB = server("b");
		this.api.putSlice("echo", "echo-a", server("a"), ready("a"));
		this.api.putSlice("echo", "echo-b", portB, ready("b"));
		EchoGrpc.EchoBlockingStub stub = stub("kubernetes:///echo.shop:grpc");
		await().atMost(DEADLINE).until(() -> served(stub, 20), (names) -> names.equals(Set.of("a", "b")));

		this.api.putSlice("echo", "echo-b", portB, endpoint("b", false, false));
		await().atMost(DEADLINE).until(() -> served(stub, 20), (names) -> names.equals(Set.of("a")));
	}

	@Test
	void newPodAppearsWithoutANewChannel() throws Exception {
		this.api.putSlice("echo", "echo-a", server("a"), ready("a"));
		EchoGrpc.EchoBlockingStub stub = stub("kubernetes:///echo");
		assertThat(call(stub)).isEqualTo("a");

		this.api.putSlice("echo", "echo-c", server("c"), ready("c"));
		await().atMost(DEADLINE).until(() -> served(stub, 20), (names) -> names.contains("c"));
	}

	@Test
	void deletedSliceKeepsTheLastGoodAddressesAndIsReported(CapturedOutput output) throws Exception {
		this.api.putSlice("echo", "echo-a", server("a"), ready("a"));
		EchoGrpc.EchoBlockingStub stub = stub("kubernetes:///echo");
		assertThat(call(stub)).isEqualTo("a");

		this.api.deleteSlice("echo-a");
		await().atMost(DEADLINE)
			.until(() -> output.getOut()
				.contains("kubernetes:///echo: no EndpointSlice of Service echo in namespace shop exists"));
		assertThat(output.getOut()).contains("keeping the last 1 addresses and retrying");
		assertThat(served(stub, 20)).containsOnly("a");

		this.api.putSlice("echo", "echo-b", server("b"), ready("b"));
		await().atMost(DEADLINE).until(() -> served(stub, 20), (names) -> names.equals(Set.of("b")));
	}

	@Test
	void brokenWatchIsResumed(CapturedOutput output) throws Exception {
		this.api.putSlice("echo", "echo-a", server("a"), ready("a"));
		EchoGrpc.EchoBlockingStub stub = stub("kubernetes:///echo");
		assertThat(call(stub)).isEqualTo("a");

		// the server goes away with the watch's connection; a new one takes its port and objects
		this.api.restart();
		assertThat(served(stub, 20)).containsOnly("a");
		this.api.putSlice("echo", "echo-c", server("c"), ready("c"));
		await().atMost(DEADLINE).until(() -> served(stub, 20), (names) -> names.contains("c"));
		this.api.putSlice("echo", "echo-a", 1, endpoint("a", false, true));
		await().atMost(DEADLINE).until(() -> served(stub, 20), (names) -> names.equals(Set.of("c")));
		List<String> requests = this.api.requests();
		System.out.println("Requests to the mock API server: " + requests);
		assertThat(requests.stream().filter((request) -> request.contains("watch=true")))
			.as("watches opened (the second resumes the first) in %s", requests)
			.hasSizeGreaterThanOrEqualTo(2);
	}

	@Test
	void channelsToOneServiceShareOneInformerStoppedWithTheLastChannel() throws Exception {
		this.api.putSlice("echo", "echo-a", server("a"), ready("a"));
		ConfigurableApplicationContext client = client("kubernetes:///echo");
		GrpcChannelFactory channels = client.getBean(GrpcChannelFactory.class);
		KubernetesNameResolverProvider provider = client.getBean(KubernetesNameResolverProvider.class);
		ManagedChannel first = channels.createChannel("echo");
		ManagedChannel second = channels.createChannel("echo-too");
		assertThat(call(EchoGrpc.newBlockingStub(first))).isEqualTo("a");
		assertThat(call(EchoGrpc.newBlockingStub(second))).isEqualTo("a");

		assertThat(provider.informersStarted()).isEqualTo(1);
		List<String> lists = this.api.requests()
			.stream()
			.filter((request) -> request.startsWith("GET /apis/discovery.k8s.io/v1/namespaces/shop/endpointslices")
					&& !request.contains("watch=true"))
			.toList();
		assertThat(lists).as("lists of EndpointSlices in %s", this.api.requests()).hasSize(1);

		first.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		assertThat(provider.informersRunning()).isEqualTo(1);
		second.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		await().atMost(DEADLINE).until(provider::informersRunning, (running) -> running == 0);
	}

	@Test
	void serviceWithoutTheNamedPortFailsCallsWithAClearStatus() throws Exception {
		this.api.putSlice("echo", "echo-a", server("a"), ready("a"));
		EchoGrpc.EchoBlockingStub stub = stub("kubernetes:///echo:http");
		assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> call(stub))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE))
			.withMessageContaining("no port named 'http' in the EndpointSlices of echo:http (ports: [grpc=");
	}

	private static Set<String> served(EchoGrpc.EchoBlockingStub stub, int calls) {
		Set<String> names = new TreeSet<>();
		for (int i = 0; i < calls; i++) {
			names.add(call(stub));
		}
		return names;
	}

	private EchoGrpc.EchoBlockingStub stub(String target) {
		return EchoGrpc.newBlockingStub(client(target).getBean(GrpcChannelFactory.class).createChannel("echo"));
	}

	private ConfigurableApplicationContext client(String target) {
		List<String> properties = new ArrayList<>(List.of(this.api.clientProperties()));
		properties.add("grpckit.client.channel.echo-too.target=" + target);
		properties.add("grpckit.client.channel.echo-too.load-balancing-policy=round_robin");
		ConfigurableApplicationContext context = DiscoveryTestApplication.client(target,
				properties.toArray(String[]::new));
		this.resources.add(context::close);
		return context;
	}

	private static String call(EchoGrpc.EchoBlockingStub stub) {
		return stub.withDeadlineAfter(10, TimeUnit.SECONDS).unary(EchoRequest.getDefaultInstance()).getText();
	}

	private int server(String name) throws Exception {
		Server server = NettyServerBuilder.forAddress(new java.net.InetSocketAddress("127.0.0.1", 0))
			.addService(new NamedEchoService(name))
			.build()
			.start();
		this.resources.add(() -> server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
		return server.getPort();
	}

}
