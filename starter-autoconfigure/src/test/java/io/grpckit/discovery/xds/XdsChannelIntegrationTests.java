package io.grpckit.discovery.xds;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpckit.actuate.endpoint.BackendAddressRecorder;
import io.grpckit.actuate.endpoint.ResolvedAddressRecorder;
import io.grpckit.client.GrpcChannelFactory;
import io.grpckit.discovery.testsupport.DiscoveryTestApplication;
import io.grpckit.test.proto.EchoGrpc;
import io.grpckit.test.proto.EchoRequest;
import io.grpckit.testsupport.EchoServer;
import io.grpckit.testsupport.FakeXdsControlPlane;
import io.grpckit.testsupport.NamedEchoService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code xds:///} channels of a client application against a fake xDS control plane in
 * process ({@link FakeXdsControlPlane}), with the bootstrap inline in
 * {@code grpckit.xds.bootstrap}: LDS, RDS, CDS and EDS lead calls to a real server on
 * loopback, an EDS update moves them to a second one, and xDS credentials fall back to
 * plaintext when the control plane sends no security config. Every wait has a deadline,
 * so a resource the client never gets fails the test within 30 s.
 */
@ExtendWith(OutputCaptureExtension.class)
class XdsChannelIntegrationTests {

	private static final Duration XDS_DEADLINE = Duration.ofSeconds(30);

	private final List<AutoCloseable> resources = new ArrayList<>();

	@AfterEach
	void closeResources() throws Exception {
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			this.resources.get(i).close();
		}
	}

	@Test
	void callsFollowTheControlPlanesEndpoints(CapturedOutput output) throws Exception {
		EchoServer first = server("first");
		EchoServer second = server("second");
		FakeXdsControlPlane controlPlane = controlPlane();
		controlPlane.serveClientRoute("echo", first.port());
		// the helper's client sets round_robin, which the control plane's config replaces
		ConfigurableApplicationContext context = DiscoveryTestApplication.client("xds:///echo",
				"grpckit.xds.bootstrap=" + controlPlane.bootstrap(), "grpckit.client.channel.echo.credentials=xds",
				"management.endpoints.web.exposure.include=grpc", "management.endpoints.jmx.exposure.include=grpc");
		EchoGrpc.EchoBlockingStub stub = stub(context);

		await().atMost(XDS_DEADLINE).ignoreExceptions().until(() -> "first".equals(call(stub)));

		controlPlane.setEndpoints("echo", second.port());
		await().atMost(XDS_DEADLINE).ignoreExceptions().until(() -> "second".equals(call(stub)));
		for (int i = 0; i < 10; i++) {
			assertThat(call(stub)).isEqualTo("second");
		}
		assertThat(controlPlane.nacks()).isZero();
		// what docs/discovery.md says of the grpc endpoint: backends recorded, resolved addresses not
		// (the control plane's service config replaces the recording load-balancing policy)
		assertThat(context.getBean(BackendAddressRecorder.class).getAddresses("echo"))
			.contains("127.0.0.1:" + second.port());
		assertThat(context.getBean(ResolvedAddressRecorder.class).getAddresses("echo")).isEmpty();
		assertThat(output).containsOnlyOnce("gRPC channel 'echo' targets xds:///echo: the xDS control plane's "
				+ "configuration replaces grpckit.client.channel.echo.load-balancing-policy");
	}

	@Test
	void aTargetTheControlPlaneDoesNotKnowFailsTheCall() throws Exception {
		FakeXdsControlPlane controlPlane = controlPlane();
		ConfigurableApplicationContext context = DiscoveryTestApplication.client("xds:///unknown",
				"grpckit.xds.bootstrap=" + controlPlane.bootstrap());
		this.resources.add(context::close);
		ManagedChannel channel = context.getBean(GrpcChannelFactory.class).createChannel("echo");
		EchoGrpc.EchoBlockingStub stub = EchoGrpc.newBlockingStub(channel);
		// the Listener does not exist: UNAVAILABLE naming it, well within the deadline
		await().atMost(XDS_DEADLINE).untilAsserted(() -> assertThat(callFailure(stub)).contains("unknown"));
	}

	private static String callFailure(EchoGrpc.EchoBlockingStub stub) {
		try {
			call(stub);
			return "succeeded";
		}
		catch (RuntimeException ex) {
			return String.valueOf(ex.getMessage());
		}
	}

	private FakeXdsControlPlane controlPlane() {
		FakeXdsControlPlane controlPlane = new FakeXdsControlPlane();
		this.resources.add(controlPlane);
		return controlPlane;
	}

	private EchoServer server(String name) {
		EchoServer server = EchoServer.start(new NamedEchoService(name));
		this.resources.add(server);
		return server;
	}

	private EchoGrpc.EchoBlockingStub stub(ConfigurableApplicationContext context) {
		this.resources.add(context::close);
		return EchoGrpc.newBlockingStub(context.getBean(GrpcChannelFactory.class).createChannel("echo"));
	}

	private static String call(EchoGrpc.EchoBlockingStub stub) {
		return stub.withDeadlineAfter(5, TimeUnit.SECONDS).unary(EchoRequest.getDefaultInstance()).getText();
	}

}
