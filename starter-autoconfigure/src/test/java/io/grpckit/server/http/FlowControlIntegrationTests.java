package io.grpckit.server.http;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * HTTP flow control reaches the service: a client that stops reading a transcoded stream
 * stops the service (its {@code isReady()} turns false) after what the connection's buffers
 * hold, instead of the server queueing the whole stream in memory; reading again resumes it.
 */
class FlowControlIntegrationTests {

	/** A million replies: without flow control, far more than any buffer holds. */
	private static final int COUNT = 1_000_000;

	/** What may be in flight while the client reads nothing: socket buffers, a few MB. */
	private static final long BOUND = 100_000;

	@ParameterizedTest
	@EnumSource(value = WebApplicationType.class, names = { "SERVLET", "REACTIVE" })
	void aReaderThatStopsStopsTheService(WebApplicationType type) throws Exception {
		try (ConfigurableApplicationContext context = HttpApplications.start(type, new Class<?>[] { Flood.class },
						"--grpckit.server.shutdown.grace-period=1s");
				Socket socket = new Socket("127.0.0.1",
						context.getEnvironment().getRequiredProperty("local.server.port", Integer.class))) {
			FloodService flood = context.getBean(FloodService.class);
			OutputStream out = socket.getOutputStream();
			// payload of 200 bytes: each NDJSON line is about 300 bytes
			String payload = "A".repeat(268);
			out.write(("GET /v1/flood?count=" + COUNT + "&payload=" + payload + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] start = in.readNBytes(1024);
			assertThat(new String(start, StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 200");
			// the client reads nothing more: what was sent stays bounded, and sending stops
			await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(new Stalled(flood));
			long stalled = flood.sent.get();
			assertThat(stalled).isLessThan(BOUND);
			// reading again lets the service go on
			in.readNBytes(4 * 1024 * 1024);
			await().atMost(Duration.ofSeconds(30)).until(() -> flood.sent.get() > stalled);
		}
	}

	/** True once the count stopped moving between two polls. */
	private static final class Stalled implements java.util.concurrent.Callable<Boolean> {

		private final FloodService flood;

		private long last = -1;

		Stalled(FloodService flood) {
			this.flood = flood;
		}

		@Override
		public Boolean call() {
			long now = this.flood.sent.get();
			assertThat(now).as("replies sent while the client reads nothing").isLessThan(BOUND);
			boolean stalled = now > 0 && now == this.last;
			this.last = now;
			return stalled;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Flood {

		@Bean
		FloodService floodService() {
			return new FloodService();
		}

	}

}
