package io.grpckit.demo.files;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;

/**
 * The demo server in a JVM of its own, for tests that kill it or limit its heap: the real
 * application main ({@link FileTransferApplication}) on the test class path, or the packaged
 * jar. The gRPC port is a free one, read from the starter's start-up line; the output is
 * drained into a log file (a full pipe would stall the server).
 */
final class ServerProcess implements AutoCloseable {

	private static final Pattern STARTED = Pattern.compile("gRPC server started on port (\\d+)");

	private final Process process;

	private final Path log;

	private final CompletableFuture<Integer> port = new CompletableFuture<>();

	private ManagedChannel channel;

	private ServerProcess(List<String> command, Path log) throws IOException {
		this.log = log;
		this.process = new ProcessBuilder(command).redirectErrorStream(true).start();
		Thread drain = new Thread(this::drain, "server-output");
		drain.setDaemon(true);
		drain.start();
	}

	/**
	 * Start the application main on the test class path.
	 */
	static ServerProcess start(Path root, Path log, String... jvmOptions) throws IOException {
		List<String> command = new ArrayList<>(List.of(javaBinary()));
		command.addAll(List.of(jvmOptions));
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), FileTransferApplication.class.getName()));
		return new ServerProcess(withArguments(command, root), log);
	}

	/**
	 * Start the packaged jar from {@code target/} ({@code package} must have run).
	 */
	static ServerProcess startJar(Path root, Path log, String... jvmOptions) throws IOException {
		List<String> command = new ArrayList<>(List.of(javaBinary()));
		command.addAll(List.of(jvmOptions));
		command.addAll(List.of("-jar", jar().toString()));
		return new ServerProcess(withArguments(command, root), log);
	}

	private static List<String> withArguments(List<String> command, Path root) {
		command.addAll(List.of("--grpckit.demo.files.root=" + root, "--grpckit.server.port=0",
				"--grpckit.server.address=127.0.0.1", "--spring.main.web-application-type=none",
				"--spring.main.banner-mode=off"));
		return command;
	}

	static Path jar() throws IOException {
		try (var files = Files.list(Path.of("target"))) {
			return files.filter((file) -> file.getFileName().toString().matches("demo-filetransfer-service-.*\\.jar"))
				.filter((file) -> !file.getFileName().toString().endsWith("-plain.jar"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("package the demo first: no jar in target/"));
		}
	}

	private void drain() {
		try (BufferedReader out = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8));
				PrintWriter file = new PrintWriter(Files.newBufferedWriter(this.log), true)) {
			String line;
			while ((line = out.readLine()) != null) {
				file.println(line);
				Matcher started = STARTED.matcher(line);
				if (started.find()) {
					this.port.complete(Integer.parseInt(started.group(1)));
				}
			}
		}
		catch (IOException ex) {
			this.port.completeExceptionally(ex);
		}
		this.port.completeExceptionally(new IllegalStateException("server exited before it started"));
	}

	/** Wait until the server serves and return a channel to it. */
	ManagedChannel channel() throws Exception {
		if (this.channel == null) {
			int port = this.port.get(120, TimeUnit.SECONDS);
			this.channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
		}
		return this.channel;
	}

	/** What the server printed so far. */
	String output() throws IOException {
		return Files.readString(this.log);
	}

	Process process() {
		return this.process;
	}

	/** Kill with SIGKILL and return the exit status. */
	int kill() throws InterruptedException {
		this.process.destroyForcibly();
		if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
			throw new IllegalStateException("server did not die");
		}
		return this.process.exitValue();
	}

	@Override
	public void close() throws InterruptedException {
		if (this.channel != null) {
			this.channel.shutdownNow();
		}
		this.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
	}

	private static String javaBinary() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

}
