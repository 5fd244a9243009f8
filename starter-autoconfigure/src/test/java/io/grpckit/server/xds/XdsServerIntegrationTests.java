package io.grpckit.server.xds;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpckit.discovery.testsupport.DiscoveryTestApplication;
import io.grpckit.server.GrpcServerLifecycle;
import io.grpckit.test.proto.EchoGrpc;
import io.grpckit.test.proto.EchoRequest;
import io.grpckit.testsupport.Channels;
import io.grpckit.testsupport.FakeXdsControlPlane;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The kit's server with {@code grpckit.server.xds.enabled} against a fake xDS control plane
 * in process ({@link FakeXdsControlPlane}), bootstrap inline in
 * {@code grpckit.xds.bootstrap}: NOT_SERVING (gRPC health, asked over the in-process
 * server that shares the health statuses) and readiness REFUSING_TRAFFIC until its Listener
 * arrives, then SERVING, ACCEPTING_TRAFFIC and answering calls on its port, and back when
 * the control plane takes the Listener away. An unreachable control plane does not hold
 * start-up: the application starts NOT_SERVING after the start timeout. Every wait has a
 * deadline.
 */
@ExtendWith(OutputCaptureExtension.class)
class XdsServerIntegrationTests {

	private static final Duration XDS_DEADLINE = Duration.ofSeconds(30);

	private final List<AutoCloseable> resources = new ArrayList<>();

	@AfterEach
	void closeResources() throws Exception {
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			this.resources.get(i).close();
		}
	}

	@Test
	void serverRefusesTrafficUntilItsListenerArrivesAndFollowsItAfterwards() throws Exception {
		FakeXdsControlPlane controlPlane = new FakeXdsControlPlane();
		this.resources.add(controlPlane);
		ConfigurableApplicationContext context = start("listener-tests", controlPlane.bootstrap());
		ApplicationAvailability availability = context.getBean(ApplicationAvailability.class);
		HealthGrpc.HealthBlockingStub health = health("listener-tests");

		// started (after the start timeout), but the control plane has no Listener for it yet
		assertThat(status(health)).isEqualTo(ServingStatus.NOT_SERVING);
		assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
		assertThat(xdsServer(context).getListenSockets()).isEmpty();

		controlPlane.serveServerListener(0);
		await().atMost(XDS_DEADLINE).until(() -> status(health) == ServingStatus.SERVING);
		await().atMost(XDS_DEADLINE)
			.until(() -> availability.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC);
		int port = xdsServer(context).getPort();
		assertThat(port).isPositive();
		ManagedChannel channel = Channels.loopback(port);
		this.resources.add(() -> Channels.close(channel));
		EchoGrpc.EchoBlockingStub echo = EchoGrpc.newBlockingStub(channel);
		await().atMost(XDS_DEADLINE)
			.ignoreExceptions()
			.until(() -> "listener-tests".equals(echo.withDeadlineAfter(5, TimeUnit.SECONDS)
				.unary(EchoRequest.getDefaultInstance())
				.getText()));

		// a later serving-status change from the control plane flows into health the same way
		controlPlane.removeServerListener(0);
		await().atMost(XDS_DEADLINE).until(() -> status(health) == ServingStatus.NOT_SERVING);
		await().atMost(XDS_DEADLINE)
			.until(() -> availability.getReadinessState() == ReadinessState.REFUSING_TRAFFIC);
		assertThat(controlPlane.nacks()).isZero();
	}

	@Test
	void unreachableControlPlaneStartsTheApplicationNotServingAfterTheTimeout(CapturedOutput output)
			throws Exception {
		ConfigurableApplicationContext context = start("unreachable-tests",
				FakeXdsControlPlane.bootstrap("127.0.0.1:" + closedPort()));

		assertThat(status(health("unreachable-tests"))).isEqualTo(ServingStatus.NOT_SERVING);
		assertThat(context.getBean(ApplicationAvailability.class).getReadinessState())
			.isEqualTo(ReadinessState.REFUSING_TRAFFIC);
		assertThat(output).contains("has no Listener from the control plane after PT1S "
				+ "(grpckit.server.xds.start-timeout): starting NOT_SERVING");
	}

	private ConfigurableApplicationContext start(String name, String bootstrap) {
		ConfigurableApplicationContext context = DiscoveryTestApplication.start(name,
				"grpckit.server.xds.enabled=true", "grpckit.server.xds.start-timeout=1s",
				"grpckit.xds.bootstrap=" + bootstrap, "grpckit.server.inprocess.name=" + name,
				"grpckit.discovery.registration.enabled=false", "grpckit.server.shutdown.quiet-period=0s");
		this.resources.add(context::close);
		return context;
	}

	private HealthGrpc.HealthBlockingStub health(String inProcessName) {
		ManagedChannel channel = InProcessChannelBuilder.forName(inProcessName).directExecutor().build();
		this.resources.add(() -> Channels.close(channel));
		return HealthGrpc.newBlockingStub(channel);
	}

	private static ServingStatus status(HealthGrpc.HealthBlockingStub health) {
		return health.withDeadlineAfter(5, TimeUnit.SECONDS)
			.check(HealthCheckRequest.newBuilder().setService("").build())
			.getStatus();
	}

	private static Server xdsServer(ConfigurableApplicationContext context) {
		return context.getBean(GrpcServerLifecycle.class)
			.getServers()
			.stream()
			.filter(TimedStartServer.class::isInstance)
			.findFirst()
			.orElseThrow();
	}

	private static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
