package io.grpckit.test;

import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The application in a JVM of its own, as a user runs it: the packaged jar
 * ({@code java -jar}, after {@code package}) or its main class on the test's class path. For
 * tests that stop it with SIGTERM, kill it, limit its heap or read its log. Its output goes
 * to a log file; the gRPC port is read from grpckit's start-up line there, so
 * {@code --grpckit.server.port=0} works.
 */
public final class ApplicationProcess implements AutoCloseable {

	private static final Pattern STARTED = Pattern.compile("gRPC server started on port (\\d+)");

	private final Process process;

	private final Path log;

	private final CompletableFuture<Integer> grpcPort = new CompletableFuture<>();

	private ApplicationProcess(List<String> command, Path log) throws IOException {
		this.log = log;
		// straight into the file: nothing is lost when the process exits, as it may be from a pipe
		this.process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		Thread watcher = new Thread(this::watchForStart, "application-start");
		watcher.setDaemon(true);
		watcher.start();
	}

	/**
	 * Start a jar with {@code java -jar}, on the JVM that runs the test.
	 * @param jar the jar, e.g. from {@link #packagedJar(String)}
	 * @param log where the output goes
	 * @param jvmOptions options for the JVM, e.g. {@code List.of("-Xmx128m")}
	 * @param arguments the application's arguments, e.g. {@code --grpckit.server.port=0}
	 * @return the started process
	 * @throws IOException when the JVM cannot be started
	 */
	public static ApplicationProcess startJar(Path jar, Path log, List<String> jvmOptions, String... arguments)
			throws IOException {
		List<String> command = new ArrayList<>(List.of(javaBinary()));
		command.addAll(jvmOptions);
		command.addAll(List.of("-jar", jar.toString()));
		command.addAll(List.of(arguments));
		return new ApplicationProcess(command, log);
	}

	/**
	 * Start a main class on the test's class path, on the JVM that runs the test.
	 * @param mainClass the class with the {@code main} method
	 * @param log where the output goes
	 * @param jvmOptions options for the JVM, e.g. {@code List.of("-Xmx256m")}
	 * @param arguments the application's arguments, e.g. {@code --grpckit.server.port=0}
	 * @return the started process
	 * @throws IOException when the JVM cannot be started
	 */
	public static ApplicationProcess startMain(Class<?> mainClass, Path log, List<String> jvmOptions,
			String... arguments) throws IOException {
		List<String> command = new ArrayList<>(List.of(javaBinary()));
		command.addAll(jvmOptions);
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass.getName()));
		command.addAll(List.of(arguments));
		return new ApplicationProcess(command, log);
	}

	/**
	 * Return the executable jar that {@code package} built in {@code target/} of the working
	 * directory (the module's, under Maven): {@code <artifactId>-<version>.jar}, not the
	 * {@code -plain} one.
	 * @param artifactId the module's artifact id
	 * @return the jar
	 * @throws IllegalStateException when there is none
	 */
	public static Path packagedJar(String artifactId) {
		Pattern name = Pattern.compile(Pattern.quote(artifactId) + "-.*\\.jar");
		try (Stream<Path> files = Files.list(Path.of("target"))) {
			return files.filter((file) -> name.matcher(file.getFileName().toString()).matches())
				.filter((file) -> !file.getFileName().toString().endsWith("-plain.jar"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("package " + artifactId + " first: no jar in target/"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Return a port that was free a moment ago, for a server that cannot take port 0 (such
	 * as an HTTP port the test must know before start).
	 * @return the port
	 * @throws IOException when no socket can be opened
	 */
	public static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	/**
	 * Wait until the gRPC server has started and return its port.
	 * @param timeout how long to wait
	 * @return the port from the line {@code gRPC server started on port N}
	 * @throws IllegalStateException when the application exited first or did not start in time
	 */
	public int grpcPort(Duration timeout) {
		try {
			return this.grpcPort.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(ex.getCause().getMessage() + "; output in " + this.log, ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("gRPC server not started within " + timeout + "; output in " + this.log);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

	/**
	 * Stop with SIGTERM, as a user or Kubernetes does, and wait for the JVM to exit.
	 * @param timeout how long the application may take
	 * @return its exit status: 0, or 143 (128 + SIGTERM) after its shutdown hooks ran
	 * @throws AssertionError when it is still running after the timeout
	 * @throws InterruptedException when interrupted while waiting
	 */
	public int stop(Duration timeout) throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			throw new AssertionError("still running " + timeout + " after SIGTERM; output in " + this.log);
		}
		return this.process.exitValue();
	}

	/**
	 * Kill with SIGKILL, as a crash would, and wait for the JVM to exit.
	 * @return its exit status
	 * @throws InterruptedException when interrupted while waiting
	 */
	public int kill() throws InterruptedException {
		this.process.destroyForcibly();
		if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
			throw new IllegalStateException("application did not die");
		}
		return this.process.exitValue();
	}

	/**
	 * Return what the application printed so far (all of it once it has exited).
	 * @return the output
	 * @throws IOException when the log cannot be read
	 */
	public String output() throws IOException {
		return Files.readString(this.log);
	}

	/**
	 * Return what the application printed so far (all of it once it has exited).
	 * @return the output, line by line
	 * @throws IOException when the log cannot be read
	 */
	public List<String> lines() throws IOException {
		return Files.readAllLines(this.log);
	}

	/**
	 * Return the operating system process, e.g. to check that it is alive.
	 * @return the process
	 */
	public Process process() {
		return this.process;
	}

	/**
	 * Kill the application if it still runs.
	 */
	@Override
	public void close() throws InterruptedException {
		this.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
	}

	/** Reads the log as it grows, whole lines only, until the start-up line or the exit. */
	private void watchForStart() {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		try (InputStream in = new FileInputStream(this.log.toFile())) {
			while (true) {
				boolean exited = !this.process.isAlive();
				int read = in.read(buffer);
				if (read < 0) {
					if (exited) {
						break;
					}
					// at the end of what was written so far: wait for more, or for the exit
					this.process.waitFor(50, TimeUnit.MILLISECONDS);
					continue;
				}
				for (int i = 0; i < read; i++) {
					if (buffer[i] != '\n') {
						line.write(buffer[i]);
						continue;
					}
					Matcher started = STARTED.matcher(line.toString(StandardCharsets.UTF_8));
					if (started.find()) {
						this.grpcPort.complete(Integer.parseInt(started.group(1)));
						return;
					}
					line.reset();
				}
			}
		}
		catch (IOException ex) {
			this.grpcPort.completeExceptionally(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.grpcPort.completeExceptionally(new IllegalStateException("the application exited before it started"));
	}

	private static String javaBinary() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

}
