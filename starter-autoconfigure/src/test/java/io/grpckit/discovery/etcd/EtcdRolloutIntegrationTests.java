package io.grpckit.discovery.etcd;

import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.grpckit.client.GrpcChannelFactory;
import io.grpckit.discovery.testsupport.DiscoveryTestApplication;
import io.grpckit.discovery.testsupport.EtcdExtension;
import io.grpckit.discovery.testsupport.RolloutCaller;
import io.grpckit.test.proto.EchoGrpc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Rollouts through {@code etcd:///}: three registered servers, a client calling without
 * pause from four threads; one server is replaced, gracefully or by a crash. No call may
 * fail. The longest call latency is printed.
 */
class EtcdRolloutIntegrationTests {

	@RegisterExtension
	static final EtcdExtension etcd = new EtcdExtension();

	private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	private final List<Process> processes = new ArrayList<>();

	@AfterEach
	void closeContexts() {
		for (int i = this.contexts.size() - 1; i >= 0; i--) {
			this.contexts.get(i).close();
		}
	}

	@Test
	void gracefulStopAndNewInstanceFailNoCall() throws Exception {
		List<ConfigurableApplicationContext> servers = startServers("g1", "g2", "g3");
		try (RolloutCaller caller = new RolloutCaller(client(false))) {
			caller.awaitServed("g1", "g2", "g3");
			caller.resetLatency();
			caller.event("g1 stopping");
			servers.get(0).close();
			caller.event("g1 stopped, g4 starting");
			start("g4");
			caller.event("g4 started");
			caller.awaitServed("g4");
			caller.awaitFreshCallsAvoid("g1");
			caller.stop();
			System.out.println("Rollout, graceful stop: " + caller.summary());
			assertThat(caller.failures).isEmpty();
			assertThat(caller.lostAfterAnswerStarted).isEmpty();
		}
	}

	@Test
	void crashedInstanceFailsNoCallWithRetryOnUnavailable() throws Exception {
		try {
			crash();
		}
		finally {
			this.processes.forEach(Process::destroyForcibly);
		}
	}

	private void crash() throws Exception {
		startServers("c1", "c3");
		// the instance that crashes runs in its own JVM, killed with SIGKILL: its connections
		// drop and its lease is left to expire, like a real crash
		File log = File.createTempFile("grpckit-crashing-instance", ".log");
		Process crashing = DiscoveryTestApplication.startProcess(log, "c2",
				"grpckit.discovery.etcd.endpoints=" + etcd.endpoint(), "grpckit.discovery.etcd.ttl=2");
		this.processes.add(crashing);
		try (RolloutCaller caller = new RolloutCaller(client(true))) {
			caller.awaitServed("c1", "c2", "c3");
			caller.resetLatency();
			caller.event("c2 killed");
			crashing.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			caller.event("c2 crashed, c4 starting");
			start("c4");
			caller.event("c4 started");
			caller.awaitServed("c4");
			await().atMost(Duration.ofSeconds(5))
				.until(() -> EtcdRegistrationIntegrationTests.key(etcd.client(), "/grpckit/services/echo/c2") == null);
			caller.awaitFreshCallsAvoid("c2");
			caller.stop();
			System.out.println("Rollout, crash with retry on UNAVAILABLE: " + caller.summary());
			assertThat(caller.failures).isEmpty();
			// only calls in flight at the instant of the kill (one per caller thread at most)
			assertThat(caller.lostAfterAnswerStarted).hasSizeLessThanOrEqualTo(4);
		}
	}

	private List<ConfigurableApplicationContext> startServers(String... names) {
		List<ConfigurableApplicationContext> started = new ArrayList<>();
		for (String name : names) {
			started.add(start(name));
		}
		return started;
	}

	private ConfigurableApplicationContext start(String name) {
		ConfigurableApplicationContext context = DiscoveryTestApplication.start(name,
				"grpckit.discovery.etcd.endpoints=" + etcd.endpoint(), "grpckit.discovery.etcd.ttl=2",
				"grpckit.server.shutdown.quiet-period=500ms", "grpckit.server.shutdown.grace-period=5s");
		this.contexts.add(context);
		return context;
	}

	private EchoGrpc.EchoBlockingStub client(boolean retry) {
		List<String> properties = new ArrayList<>(List.of("grpckit.discovery.etcd.endpoints=" + etcd.endpoint()));
		if (retry) {
			properties.addAll(List.of("grpckit.client.channel.echo.method[0].retry.max-attempts=5",
					"grpckit.client.channel.echo.method[0].retry.initial-backoff=20ms",
					"grpckit.client.channel.echo.method[0].retry.max-backoff=200ms",
					"grpckit.client.channel.echo.method[0].retry.retryable-status-codes=UNAVAILABLE"));
		}
		ConfigurableApplicationContext context = DiscoveryTestApplication.client("etcd:///echo",
				properties.toArray(String[]::new));
		this.contexts.add(context);
		return EchoGrpc.newBlockingStub(context.getBean(GrpcChannelFactory.class).createChannel("echo"));
	}

}
