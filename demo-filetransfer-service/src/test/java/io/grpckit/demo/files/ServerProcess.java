package io.grpckit.demo.files;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpckit.test.ApplicationProcess;

/**
 * The demo server in a JVM of its own on a storage root, for tests that kill it or limit its
 * heap: the real application main ({@link FileTransferApplication}) on the test class path, or
 * the packaged jar, through the starter-test's {@link ApplicationProcess}; a free gRPC port,
 * no HTTP, and a plaintext channel to it.
 */
final class ServerProcess implements AutoCloseable {

	private final ApplicationProcess application;

	private ManagedChannel channel;

	private ServerProcess(ApplicationProcess application) {
		this.application = application;
	}

	/**
	 * Start the application main on the test class path.
	 */
	static ServerProcess start(Path root, Path log, String... jvmOptions) throws IOException {
		return new ServerProcess(ApplicationProcess.startMain(FileTransferApplication.class, log,
				List.of(jvmOptions), arguments(root)));
	}

	/**
	 * Start the packaged jar from {@code target/} ({@code package} must have run).
	 */
	static ServerProcess startJar(Path root, Path log, String... jvmOptions) throws IOException {
		return new ServerProcess(ApplicationProcess.startJar(jar(), log, List.of(jvmOptions), arguments(root)));
	}

	static Path jar() {
		return ApplicationProcess.packagedJar("demo-filetransfer-service");
	}

	private static String[] arguments(Path root) {
		return new String[] { "--grpckit.demo.files.root=" + root, "--grpckit.server.port=0",
				"--grpckit.server.address=127.0.0.1", "--spring.main.web-application-type=none",
				"--spring.main.banner-mode=off" };
	}

	/** Wait until the server serves and return a channel to it. */
	ManagedChannel channel() {
		if (this.channel == null) {
			int port = this.application.grpcPort(Duration.ofSeconds(120));
			this.channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
		}
		return this.channel;
	}

	/** What the server printed so far. */
	String output() throws IOException {
		return this.application.output();
	}

	Process process() {
		return this.application.process();
	}

	/** Kill with SIGKILL and return the exit status. */
	int kill() throws InterruptedException {
		return this.application.kill();
	}

	@Override
	public void close() throws InterruptedException {
		if (this.channel != null) {
			this.channel.shutdownNow();
		}
		this.application.close();
	}

}
