package io.grpckit.discovery.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.etcd.jetcd.Client;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import static org.awaitility.Awaitility.await;

/**
 * A real etcd process on free loopback ports with a temporary data directory, for one test
 * class. It can be stopped and started again on the same data directory. Without an
 * {@code etcd} binary the tests are skipped, unless {@code GRPCKIT_REQUIRE_TOOLS=true} (CI),
 * where they fail.
 */
public final class EtcdProcess implements AutoCloseable {

	private static final List<String> LOCATIONS = List.of("/usr/bin/etcd", "/usr/local/bin/etcd");

	private final String binary;

	private final Path dataDir;

	private final int clientPort;

	private final int peerPort;

	private Process process;

	private EtcdProcess(String binary) throws IOException {
		this.binary = binary;
		this.dataDir = Files.createTempDirectory("grpckit-etcd");
		this.clientPort = freePort();
		this.peerPort = freePort();
	}

	/**
	 * Start etcd, or skip the test class when it is not installed (fail in CI).
	 * @return the running process
	 */
	public static EtcdProcess start() {
		String binary = LOCATIONS.stream().filter((path) -> new File(path).canExecute()).findFirst().orElse(null);
		if (binary == null) {
			String message = "etcd is not installed (apt-get install etcd-server)";
			if ("true".equals(System.getenv("GRPCKIT_REQUIRE_TOOLS"))) {
				Assertions.fail(message + ", and GRPCKIT_REQUIRE_TOOLS=true");
			}
			Assumptions.abort(message);
		}
		try {
			EtcdProcess etcd = new EtcdProcess(binary);
			etcd.startProcess();
			return etcd;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Return the client endpoint.
	 * @return {@code http://127.0.0.1:<port>}
	 */
	public String endpoint() {
		return "http://127.0.0.1:" + this.clientPort;
	}

	/**
	 * Return a new client; the caller closes it.
	 * @return the client
	 */
	public Client newClient() {
		return Client.builder().endpoints(endpoint()).connectTimeout(Duration.ofSeconds(2)).build();
	}

	/**
	 * Stop the process, keeping its data directory.
	 */
	public void stop() {
		if (this.process != null) {
			this.process.destroy();
			try {
				if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
					this.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.process = null;
		}
	}

	/**
	 * Start the process again on the same ports and data directory.
	 */
	public void restart() {
		stop();
		try {
			startProcess();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		stop();
		try (Stream<Path> files = Files.walk(this.dataDir)) {
			files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
		}
		catch (IOException ex) {
			// a temp directory left behind is harmless
		}
	}

	private void startProcess() throws IOException {
		String peer = "http://127.0.0.1:" + this.peerPort;
		this.process = new ProcessBuilder(this.binary, "--name", "grpckit-test", "--data-dir",
				this.dataDir.resolve("data").toString(), "--listen-client-urls", endpoint(), "--advertise-client-urls",
				endpoint(), "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer, "--initial-cluster",
				"grpckit-test=" + peer, "--log-level", "warn")
			.redirectErrorStream(true)
			.redirectOutput(this.dataDir.resolve("etcd.log").toFile())
			.start();
		HttpClient http = HttpClient.newHttpClient();
		HttpRequest health = HttpRequest.newBuilder(URI.create(endpoint() + "/health")).build();
		await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).ignoreExceptions().until(() -> {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("etcd exited: " + Files.readString(this.dataDir.resolve("etcd.log")));
			}
			return http.send(health, HttpResponse.BodyHandlers.ofString()).body().contains("true");
		});
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
