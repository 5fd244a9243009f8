package io.grpckit.server.autoconfigure;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

import io.grpckit.server.GrpcServerLifecycle;
import io.grpckit.server.internal.ConnectionLimit;
import io.grpckit.testsupport.EchoService;
import io.grpckit.testsupport.RawHttp2Connection;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code grpckit.server.connection.max-connections}, against idle connections on a live
 * server: those over the limit are closed at accept, counted, and logged once.
 */
@ExtendWith(OutputCaptureExtension.class)
class ConnectionLimitIntegrationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcServerAutoConfiguration.class))
		.withBean(EchoService.class)
		.withPropertyValues("grpckit.server.port=0");

	@Test
	void idleConnectionsBeyondTheLimitAreClosedAtAccept(CapturedOutput output) {
		this.runner.withPropertyValues("grpckit.server.connection.max-connections=2").run((context) -> {
			int port = context.getBean(GrpcServerLifecycle.class).getPort();
			ConnectionLimit limit = context.getBean(ConnectionLimit.class);
			MeterRegistry registry = new SimpleMeterRegistry();
			context.getBean("grpckitServerTransportMetrics", MeterBinder.class).bindTo(registry);
			try (RawHttp2Connection first = admitted(port); RawHttp2Connection second = admitted(port)) {
				assertThat(closedWithoutAByte(port)).isTrue();
				assertThat(closedWithoutAByte(port)).isTrue();
				assertThat(limit.refusedConnections()).isEqualTo(2);
				assertThat(registry.get("grpckit.server.connections.refused").functionCounter().count()).isEqualTo(2);
				assertThat(registry.get("grpckit.server.connections.open").gauge().value()).isEqualTo(2);
				first.close();
				// a closed connection frees its place
				await().atMost(Duration.ofSeconds(10)).until(() -> limit.openConnections() == 1);
				try (RawHttp2Connection third = admitted(port)) {
					assertThat(limit.openConnections()).isEqualTo(2);
				}
			}
			// one line for both refusals, and no stack trace
			assertThat(output.getAll().lines().filter((line) -> line.contains("max-connections"))).hasSize(1);
			assertThat(output.getAll()).doesNotContain("Exception");
		});
	}

	@Test
	void defaultLeavesDescriptorsForTheRestOfTheProcess() {
		this.runner.run((context) -> {
			int max = context.getBean(ConnectionLimit.class).maxConnections();
			assertThat(max).isEqualTo(ConnectionLimit.defaultMaxConnections());
			java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory
				.getOperatingSystemMXBean();
			if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
				long limit = unix.getMaxFileDescriptorCount();
				assertThat((long) max).isLessThanOrEqualTo(limit - Math.max(128, limit / 4));
			}
		});
	}

	// admitted: the server answers the preface with its SETTINGS
	private static RawHttp2Connection admitted(int port) throws Exception {
		RawHttp2Connection connection = RawHttp2Connection.open(port, Duration.ofSeconds(10));
		assertThat(connection.readFrame().type()).isEqualTo(RawHttp2Connection.SETTINGS);
		return connection;
	}

	private static boolean closedWithoutAByte(int port) throws Exception {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port));
			socket.setSoTimeout(10_000);
			InputStream in = socket.getInputStream();
			try {
				return in.read() == -1;
			}
			catch (java.net.SocketException ex) {
				// reset instead of a clean close: closed all the same
				return true;
			}
		}
	}

}
