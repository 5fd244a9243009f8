package io.grpckit.server.autoconfigure;

import java.net.ServerSocket;

import io.grpckit.testsupport.FailureAnalyses;
import io.grpckit.testsupport.GrpcServerTestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A taken port fails start-up with a paragraph and an action, not a stack trace: the
 * application really starts on a port held by another socket.
 */
class GrpcPortInUseFailureAnalyzerTests {

	@Test
	void serverPortInUse() throws Exception {
		try (ServerSocket taken = new ServerSocket(0)) {
			FailureAnalysis analysis = FailureAnalyses.ofStartup(GrpcServerTestApplication.class,
					"grpckit.server.port=" + taken.getLocalPort());
			assertThat(analysis.getDescription())
				.startsWith("The gRPC server failed to start: its port is already in use")
				.contains(":" + taken.getLocalPort())
				.endsWith("The port is set by grpckit.server.port.");
			assertThat(analysis.getAction()).isEqualTo("Identify and stop the process that is listening on that port, "
					+ "or configure this application to listen on another one with grpckit.server.port "
					+ "(0 picks a free port).");
		}
	}

	@Test
	void adminPortInUse() throws Exception {
		try (ServerSocket taken = new ServerSocket(0)) {
			FailureAnalysis analysis = FailureAnalyses.ofStartup(GrpcServerTestApplication.class,
					"grpckit.server.port=0", "grpckit.server.admin.enabled=true",
					"grpckit.server.admin.port=" + taken.getLocalPort());
			assertThat(analysis.getDescription()).contains(":" + taken.getLocalPort())
				.endsWith("The port is set by grpckit.server.admin.port.");
			assertThat(analysis.getAction()).contains("with grpckit.server.admin.port (0 picks a free port)");
		}
	}

	@Test
	void healthProbePortInUse() throws Exception {
		try (ServerSocket taken = new ServerSocket(0)) {
			FailureAnalysis analysis = FailureAnalyses.ofStartup(GrpcServerTestApplication.class,
					"grpckit.server.port=0", "grpckit.server.health.port=" + taken.getLocalPort());
			assertThat(analysis.getDescription()).contains(":" + taken.getLocalPort())
				.endsWith("The port is set by grpckit.server.health.port.");
			assertThat(analysis.getAction()).contains("with grpckit.server.health.port (0 picks a free port)");
		}
	}

	@Test
	void healthProbeServerDoesNotOutliveAStartThatFailed() throws Exception {
		int probePort;
		try (ServerSocket free = new ServerSocket(0)) {
			probePort = free.getLocalPort();
		}
		try (ServerSocket taken = new ServerSocket(0)) {
			// the probe server binds first (it starts before the application's server), then
			// the application's port fails; Spring stops the lifecycles that had started
			FailureAnalysis analysis = FailureAnalyses.ofStartup(GrpcServerTestApplication.class,
					"grpckit.server.port=" + taken.getLocalPort(), "grpckit.server.health.port=" + probePort);
			assertThat(analysis.getDescription()).endsWith("The port is set by grpckit.server.port.");
		}
		try (ServerSocket again = new ServerSocket(probePort)) {
			assertThat(again.isBound()).isTrue();
		}
	}

}
