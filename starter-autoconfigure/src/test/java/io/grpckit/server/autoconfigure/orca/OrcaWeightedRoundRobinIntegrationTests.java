package io.grpckit.server.autoconfigure.orca;

import java.time.Duration;

import io.grpckit.actuate.autoconfigure.GrpcEndpointAutoConfiguration;
import io.grpckit.client.GrpcChannelFactory;
import io.grpckit.client.autoconfigure.GrpcClientAutoConfiguration;
import io.grpckit.server.GrpcServerLifecycle;
import io.grpckit.server.autoconfigure.GrpcServerAutoConfiguration;
import io.grpckit.server.orca.OrcaLoadCustomizer;
import io.grpckit.test.proto.EchoGrpc;
import io.grpckit.testsupport.Calls;
import io.grpckit.testsupport.NamedEchoService;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 17, done-when 5: two real Netty servers with the kit's ORCA reports, one of them
 * busy (CPU utilization 0.9) and one calm (0.1), behind one {@code static://} target; a
 * channel configured with {@code load-balancing-policy: weighted_round_robin} sends the
 * busy one clearly fewer calls. The utilizations are fixed by an
 * {@link OrcaLoadCustomizer} (the two servers share one JVM, whose real CPU load would be
 * the same for both); the calls per second in the reports are the servers' own counts.
 * Run with per-call reports (trailers), with out-of-band reports (the
 * OpenRcaService stream), and with the {@code grpc} endpoint exposed, where the policy runs
 * as the child of the kit's address-recording policy.
 */
class OrcaWeightedRoundRobinIntegrationTests {

	private static final int CALLS = 2000;

	private final ApplicationContextRunner server = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcServerAutoConfiguration.class, GrpcServerOrcaAutoConfiguration.class))
		.withPropertyValues("grpckit.server.port=0", "grpckit.server.address=127.0.0.1",
				"grpckit.server.orca.enabled=true", "grpckit.server.orca.sample-interval=100ms",
				"grpckit.server.orca.report-interval=200ms");

	@ParameterizedTest(name = "out of band: {0}, recording resolved addresses: {1}")
	@CsvSource({ "false, false", "true, false", "false, true" })
	void theBusyServerGetsClearlyFewerCalls(boolean outOfBand, boolean recording) {
		NamedEchoService busy = new NamedEchoService("busy");
		NamedEchoService calm = new NamedEchoService("calm");
		server(busy, 0.9).run((busyContext) -> server(calm, 0.1).run((calmContext) -> {
			String target = "static://127.0.0.1:" + port(busyContext) + ",127.0.0.1:" + port(calmContext);
			client(target, outOfBand, recording).run((client) -> {
				assertThat(client).hasNotFailed();
				EchoGrpc.EchoBlockingStub stub = EchoGrpc
					.newBlockingStub(client.getBean(GrpcChannelFactory.class).createChannel("echo"));
				// round robin until both servers reported a load: wait until a batch shows the weights
				await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10)).until(() -> {
					busy.resetCalls();
					calm.resetCalls();
					for (int i = 0; i < 100; i++) {
						stub.unary(Calls.request(""));
					}
					return busy.calls() < 20;
				});
				busy.resetCalls();
				calm.resetCalls();
				for (int i = 0; i < CALLS; i++) {
					stub.unary(Calls.request(""));
				}
				double busyShare = (double) busy.calls() / CALLS;
				System.out.printf("weighted_round_robin (out of band: %s, recording: %s) over %d calls: busy %d, "
						+ "calm %d (busy %.1f %%)%n", outOfBand, recording, CALLS, busy.calls(), calm.calls(),
						busyShare * 100);
				assertThat(busy.calls() + calm.calls()).isEqualTo(CALLS);
				assertThat(busyShare).as("share of the busy server").isLessThan(0.35);
				// still some calls: the policy keeps every backend in rotation, so it sees the load fall
				assertThat(busy.calls()).isPositive();
			});
		}));
	}

	private ApplicationContextRunner server(NamedEchoService service, double cpuUtilization) {
		return this.server.withBean(NamedEchoService.class, () -> service)
			.withBean(OrcaLoadCustomizer.class, () -> (load) -> load.withCpuUtilization(cpuUtilization));
	}

	private static ApplicationContextRunner client(String target, boolean outOfBand, boolean recording) {
		ApplicationContextRunner client = new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(GrpcClientAutoConfiguration.class, GrpcEndpointAutoConfiguration.class))
			.withPropertyValues("grpckit.client.channel.echo.target=" + target,
					"grpckit.client.channel.echo.default-deadline=10s",
					"grpckit.client.channel.echo.load-balancing-policy=weighted_round_robin",
					"grpckit.client.channel.echo.weighted-round-robin.blackout-period=1s",
					"grpckit.client.channel.echo.weighted-round-robin.weight-update-period=100ms",
					"grpckit.client.channel.echo.weighted-round-robin.enable-oob-load-report=" + outOfBand,
					"grpckit.client.channel.echo.weighted-round-robin.oob-reporting-period=200ms");
		return recording ? client.withPropertyValues("management.endpoints.web.exposure.include=grpc") : client;
	}

	private static int port(AssertableApplicationContext context) {
		assertThat(context).hasNotFailed();
		return context.getBean(GrpcServerLifecycle.class).getPort();
	}

}
