package io.grpckit.benchmarks.load;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.grpc.Server;
import io.grpckit.benchmarks.Args;
import io.grpckit.benchmarks.plain.PlainServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sanity check of the load generator against the plain server on a loopback port, a second
 * or so a mode: every mode produces numbers, nothing fails. Not a benchmark.
 */
class LoadGeneratorTests {

	@TempDir
	Path temp;

	private Server server;

	@BeforeEach
	void start() throws Exception {
		this.server = PlainServer.start(0, this.temp.resolve("server"));
	}

	@AfterEach
	void stop() {
		this.server.shutdownNow();
	}

	@Test
	void everyModeReportsNumbers() throws Exception {
		long pid = ProcessHandle.current().pid();
		Map<String, Double> results = LoadGenerator.run(Args.parse(new String[] {
				"--target=localhost:" + this.server.getPort(), "--server-pid=" + pid, "--concurrency=8",
				"--channels=2", "--unary-warmup=1s", "--unary-duration=1s", "--streams=2",
				"--stream-count=1000", "--stream-warmup=300ms", "--stream-duration=500ms", "--chats=2",
				"--bidi-warmup=300ms", "--bidi-duration=500ms", "--file-size=3MiB", "--file-warmup-reps=0",
				"--file-reps=1", "--file-dir=" + this.temp.resolve("client") }));
		assertThat(results.get("unary.qps")).isPositive();
		assertThat(results.get("unary.p99_ms")).isPositive();
		// 10 ms ticks over half a second on a busy machine may read 0; -1 would mean unreadable
		assertThat(results.get("unary.server_cpu_us_per_call")).isNotNegative();
		assertThat(results.get("unary.errors")).isZero();
		assertThat(results.get("stream.msgs_per_s")).isPositive();
		assertThat(results.get("stream.errors")).isZero();
		assertThat(results.get("bidi.round_trips_per_s")).isPositive();
		assertThat(results.get("bidi.errors")).isZero();
		assertThat(results.get("upload.mib_per_s")).isPositive();
		assertThat(results.get("download.mib_per_s")).isPositive();
	}

	@Test
	void httpModeReportsNumbersOverKeepAliveAndChunkedResponses() throws Exception {
		String json = "{\"message\":\"Hello, bench!\",\"index\":0}";
		HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		// one route answers with a length, the other chunked, as Tomcat does for the two
		http.createContext("/controller/greeter/hello/", (exchange) -> answer(exchange, json, json.length()));
		http.createContext("/v1/greeter/hello/", (exchange) -> answer(exchange, json, 0));
		http.start();
		try {
			long pid = ProcessHandle.current().pid();
			Map<String, Double> results = LoadGenerator.run(Args.parse(new String[] {
					"--target=localhost:" + this.server.getPort(), "--server-pid=" + pid, "--modes=http",
					"--http-target=127.0.0.1:" + http.getAddress().getPort(), "--http-concurrency=4",
					"--channels=2", "--http-warmup=1s", "--http-duration=1s" }));
			for (String leg : new String[] { "transcoded", "controller" }) {
				assertThat(results.get("http." + leg + ".rps")).isPositive();
				assertThat(results.get("http." + leg + ".p99_ms")).isPositive();
				assertThat(results.get("http." + leg + ".server_cpu_us_per_req")).isNotNegative();
				assertThat(results.get("http." + leg + ".errors")).isZero();
			}
			// the gRPC leg is UnaryLoad, checked above; here: it ran (on a loaded machine the first
			// calls of a cold client may not complete within a short window)
			assertThat(results.get("http.grpc.qps")).isNotNegative();
			assertThat(results.get("http.grpc.errors")).isZero();
		}
		finally {
			http.stop(0);
		}
	}

	private static void answer(HttpExchange exchange, String body, long length) throws IOException {
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(200, length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body.getBytes(StandardCharsets.UTF_8));
		}
	}

	@Test
	void readsProcessStats() {
		long pid = ProcessHandle.current().pid();
		assertThat(ProcessStats.cpuNanos(pid)).isPositive();
		long rss = ProcessStats.rssKib(pid);
		assertThat(rss).isPositive();
		// read after the RSS: the peak can only have grown since
		assertThat(ProcessStats.peakRssKib(pid)).isGreaterThanOrEqualTo(rss);
	}

}
