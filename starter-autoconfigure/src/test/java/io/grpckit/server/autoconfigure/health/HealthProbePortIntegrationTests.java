package io.grpckit.server.autoconfigure.health;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.grpc.ChannelCredentials;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpckit.server.GrpcServerLifecycle;
import io.grpckit.server.GrpcServerState;
import io.grpckit.server.admin.GrpcHealthProbeServer;
import io.grpckit.test.proto.EchoGrpc;
import io.grpckit.test.proto.EchoReply;
import io.grpckit.test.proto.EchoRequest;
import io.grpckit.testsupport.Calls;
import io.grpckit.testsupport.Channels;
import io.grpckit.testsupport.EchoService;
import io.grpckit.testsupport.StreamEvents;
import io.grpckit.testsupport.TestTls;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;

import static io.grpckit.testsupport.Calls.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The plaintext probe port beside an application port that requires TLS and a client
 * certificate: what the kubelet's {@code grpc:} probe sees while the application serves and
 * while it shuts down. Certificates are generated for the test.
 */
class HealthProbePortIntegrationTests {

	@TempDir
	static Path directory;

	static Path certs;

	@BeforeAll
	static void generateCertificates() {
		certs = TestTls.writeCertificates(directory, "alice");
	}

	// quiet period long enough to be seen on a loaded machine; grace period never waited for
	private final ApplicationContextRunner runner = TestTls.server(certs)
		.withConfiguration(AutoConfigurations.of(GrpcServerHealthAutoConfiguration.class))
		.withPropertyValues("grpckit.server.ssl.client-auth=required", "grpckit.server.health.port=0",
				"grpckit.server.health.address=127.0.0.1", "grpckit.server.shutdown.quiet-period=5s",
				"grpckit.server.shutdown.grace-period=60s");

	@Test
	void probePortAnswersInPlaintextWhileTheApplicationPortRequiresClientCertificates() {
		this.runner.withPropertyValues("grpckit.server.shutdown.quiet-period=0s").run((context) -> {
			int appPort = context.getBean(GrpcServerLifecycle.class).getPort();
			int probePort = probePort(context);
			assertThat(probePort).isPositive().isNotEqualTo(appPort);
			ManagedChannel probe = Channels.loopback(probePort);
			ManagedChannel plaintextToApp = Channels.loopback(appPort);
			ManagedChannel mutualTls = mutualTls(appPort);
			try {
				assertThat(check(probe, "")).isEqualTo(ServingStatus.SERVING);
				// the same statuses as the application's server: its services are known here too
				assertThat(check(probe, "grpckit.test.Echo")).isEqualTo(ServingStatus.SERVING);
				assertThat(check(mutualTls, "grpckit.test.Echo")).isEqualTo(ServingStatus.SERVING);
				// nothing but health on the probe port
				assertThat(failure(() -> Calls.echo(probe).unary(request("hello"))))
					.isEqualTo(Status.Code.UNIMPLEMENTED);
				// the application's port still refuses plaintext, and serves mutual TLS
				assertThat(failure(() -> check(plaintextToApp, ""))).isEqualTo(Status.Code.UNAVAILABLE);
				assertThat(Calls.echo(mutualTls).unary(request("hello")).getText()).isEqualTo("hello");
			}
			finally {
				Channels.close(probe);
				Channels.close(plaintextToApp);
				Channels.close(mutualTls);
			}
		});
	}

	@Test
	void probePortAnswersNotServingThroughTheQuietPeriodAndTheDrainThenCloses() {
		this.runner.run((context) -> {
			GrpcServerLifecycle lifecycle = context.getBean(GrpcServerLifecycle.class);
			GrpcHealthProbeServer probeServer = context.getBean(GrpcHealthProbeServer.class);
			int probePort = probePort(context);
			ManagedChannel probe = Channels.loopback(probePort);
			ManagedChannel mutualTls = mutualTls(lifecycle.getPort());
			Context.CancellableContext inFlight = Context.current().withCancellation();
			try {
				assertThat(check(probe, "")).isEqualTo(ServingStatus.SERVING);
				// a call that holds the drain until the test cancels it
				StreamEvents<EchoReply> held = new StreamEvents<>();
				inFlight.run(() -> EchoGrpc.newStub(mutualTls)
					.serverStream(EchoRequest.newBuilder().setText("held").setCount(1).setDelayMs(600_000).build(),
							held));
				EchoService service = context.getBean(EchoService.class);
				await().atMost(Duration.ofSeconds(10)).until(() -> service.startedCount() == 1);

				new Thread(context::close, "closer").start();

				// quiet period: the probe says NOT_SERVING while the application port still serves
				await().atMost(Duration.ofSeconds(5)).until(() -> check(probe, "") == ServingStatus.NOT_SERVING);
				assertThat(check(probe, "grpckit.test.Echo")).isEqualTo(ServingStatus.NOT_SERVING);
				assertThat(Calls.echo(mutualTls).unary(request("quiet")).getText()).isEqualTo("quiet");

				// drain: the application port refuses new calls, the probe port still answers
				await().atMost(Duration.ofSeconds(20)).until(() -> newCallRefused(mutualTls));
				assertThat(lifecycle.getState()).isEqualTo(GrpcServerState.STOPPING);
				assertThat(check(probe, "")).isEqualTo(ServingStatus.NOT_SERVING);
				assertThat(probeServer.isRunning()).isTrue();

				// once the application's server has drained, the probe server stops too
				inFlight.cancel(null);
				await().atMost(Duration.ofSeconds(20)).until(() -> !probeServer.isRunning());
				assertThat(lifecycle.getState()).isEqualTo(GrpcServerState.STOPPED);
				assertThat(failure(() -> check(probe, ""))).isEqualTo(Status.Code.UNAVAILABLE);
			}
			finally {
				inFlight.cancel(null);
				Channels.close(probe);
				Channels.close(mutualTls);
			}
		});
	}

	private static int probePort(ConfigurableApplicationContext context) {
		int port = context.getBean(GrpcHealthProbeServer.class).getPort();
		assertThat(context.getEnvironment().getProperty("local.grpckit.server.health.port", Integer.class))
			.isEqualTo(port);
		return port;
	}

	private static ServingStatus check(ManagedChannel channel, String service) {
		return HealthGrpc.newBlockingStub(channel)
			.withDeadlineAfter(10, TimeUnit.SECONDS)
			.check(HealthCheckRequest.newBuilder().setService(service).build())
			.getStatus();
	}

	private static boolean newCallRefused(ManagedChannel channel) {
		try {
			Calls.echo(channel).unary(request("late"));
			return false;
		}
		catch (StatusRuntimeException ex) {
			return ex.getStatus().getCode() == Status.Code.UNAVAILABLE;
		}
	}

	private static Status.Code failure(Runnable call) {
		return Calls.failure(call).getCode();
	}

	private static ManagedChannel mutualTls(int port) throws IOException {
		ChannelCredentials credentials = TlsChannelCredentials.newBuilder()
			.keyManager(certs.resolve("alice.crt").toFile(), certs.resolve("alice.key").toFile())
			.trustManager(certs.resolve("ca.crt").toFile())
			.build();
		return NettyChannelBuilder.forAddress("127.0.0.1", port, credentials).overrideAuthority("localhost").build();
	}

}
