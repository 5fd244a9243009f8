package io.grpckit.discovery.kubernetes;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.grpckit.client.GrpcChannelFactory;
import io.grpckit.discovery.testsupport.DiscoveryTestApplication;
import io.grpckit.discovery.testsupport.MockKubernetesApi;
import io.grpckit.discovery.testsupport.RolloutCaller;
import io.grpckit.server.GrpcServerLifecycle;
import io.grpckit.test.proto.EchoGrpc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static io.grpckit.discovery.testsupport.MockKubernetesApi.endpoint;
import static io.grpckit.discovery.testsupport.MockKubernetesApi.ready;
import static io.grpckit.discovery.testsupport.MockKubernetesApi.terminating;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Rollouts through {@code kubernetes:///} against fabric8's MOCK Kubernetes API server
 * (CRUD mode, no cluster): three servers, each the only endpoint of its own EndpointSlice
 * (their ports differ), a client calling without pause from four threads; one server is
 * replaced, gracefully or by a crash. The test plays Kubernetes: a pod that begins
 * terminating has its endpoint marked not ready and terminating before its server is asked
 * to stop; a killed pod's endpoint turns not ready after it died. No call may fail. The
 * longest call latency is printed.
 */
class KubernetesRolloutIntegrationTests {

	private final MockKubernetesApi api = new MockKubernetesApi();

	private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	private final List<Process> processes = new ArrayList<>();

	@AfterEach
	void close() {
		this.processes.forEach(Process::destroyForcibly);
		for (int i = this.contexts.size() - 1; i >= 0; i--) {
			this.contexts.get(i).close();
		}
		this.api.close();
	}

	@Test
	void gracefulStopAndNewInstanceFailNoCall() throws Exception {
		List<ConfigurableApplicationContext> servers = new ArrayList<>();
		for (String name : List.of("g1", "g2", "g3")) {
			servers.add(start(name));
		}
		int g1Port = port(servers.get(0));
		try (RolloutCaller caller = new RolloutCaller(client(false))) {
			caller.awaitServed("g1", "g2", "g3");
			caller.resetLatency();
			caller.event("g1 terminating");
			// what Kubernetes does when a pod begins terminating: the endpoint turns not ready
			// and terminating at once, and the pod gets SIGTERM (here: the context closes)
			this.api.putSlice("echo", "echo-g1", g1Port, terminating("g1"));
			servers.get(0).close();
			this.api.deleteSlice("echo-g1");
			caller.event("g1 stopped, g4 starting");
			start("g4");
			caller.event("g4 started");
			caller.awaitServed("g4");
			caller.awaitFreshCallsAvoid("g1");
			caller.stop();
			System.out.println("Rollout through kubernetes:///, graceful stop: " + caller.summary());
			assertThat(caller.failures).isEmpty();
			assertThat(caller.lostAfterAnswerStarted).isEmpty();
		}
	}

	@Test
	void crashedInstanceFailsNoCallWithRetryOnUnavailable() throws Exception {
		start("c1");
		start("c3");
		// the instance that crashes runs in its own JVM, killed with SIGKILL: its connections drop
		int port = freePort();
		File log = File.createTempFile("grpckit-crashing-instance", ".log");
		Process crashing = DiscoveryTestApplication.startProcess(log, "c2", "grpckit.server.port=" + port);
		this.processes.add(crashing);
		await().atMost(Duration.ofSeconds(90)).until(() -> listening(port));
		this.api.putSlice("echo", "echo-c2", port, ready("c2"));
		try (RolloutCaller caller = new RolloutCaller(client(true))) {
			caller.awaitServed("c1", "c2", "c3");
			caller.resetLatency();
			caller.event("c2 killed");
			crashing.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			// Kubernetes notices the dead container afterwards and marks its endpoint not ready
			this.api.putSlice("echo", "echo-c2", port, endpoint("c2", false, false));
			caller.event("c2 crashed and not ready, c4 starting");
			start("c4");
			caller.event("c4 started");
			caller.awaitServed("c4");
			caller.awaitFreshCallsAvoid("c2");
			caller.stop();
			System.out.println("Rollout through kubernetes:///, crash with retry on UNAVAILABLE: " + caller.summary());
			assertThat(caller.failures).isEmpty();
			// only calls in flight at the instant of the kill (one per caller thread at most)
			assertThat(caller.lostAfterAnswerStarted).hasSizeLessThanOrEqualTo(4);
		}
	}

	private ConfigurableApplicationContext start(String name) {
		ConfigurableApplicationContext context = DiscoveryTestApplication.start(name,
				"grpckit.server.shutdown.quiet-period=500ms", "grpckit.server.shutdown.grace-period=5s");
		this.contexts.add(context);
		this.api.putSlice("echo", "echo-" + name, port(context), ready(name));
		return context;
	}

	private static int port(ConfigurableApplicationContext context) {
		return context.getBean(GrpcServerLifecycle.class).getPort();
	}

	private EchoGrpc.EchoBlockingStub client(boolean retry) {
		List<String> properties = new ArrayList<>(List.of(this.api.clientProperties()));
		if (retry) {
			properties.addAll(List.of("grpckit.client.channel.echo.method[0].retry.max-attempts=5",
					"grpckit.client.channel.echo.method[0].retry.initial-backoff=20ms",
					"grpckit.client.channel.echo.method[0].retry.max-backoff=200ms",
					"grpckit.client.channel.echo.method[0].retry.retryable-status-codes=UNAVAILABLE"));
		}
		ConfigurableApplicationContext context = DiscoveryTestApplication.client("kubernetes:///echo",
				properties.toArray(String[]::new));
		this.contexts.add(context);
		return EchoGrpc.newBlockingStub(context.getBean(GrpcChannelFactory.class).createChannel("echo"));
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static boolean listening(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
