package io.grpckit.test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * A real second JVM: the port read from the start-up line, SIGTERM with shutdown hooks,
 * SIGKILL without them, and the whole output in the log.
 */
class ApplicationProcessTests {

	@TempDir
	Path directory;

	@Test
	void readsThePortAndStopsWithSigterm() throws Exception {
		try (ApplicationProcess application = ApplicationProcess.startMain(FakeServer.class,
				this.directory.resolve("app.log"), List.of("-Xmx32m"), "4321")) {
			assertThat(application.grpcPort(Duration.ofSeconds(30))).isEqualTo(4321);
			assertThat(application.stop(Duration.ofSeconds(30))).isIn(0, 143);
			assertThat(application.lines()).as(application.output()).contains("gRPC server started on port 4321", "stopping");
		}
	}

	@Test
	void killSkipsTheShutdownHooks() throws Exception {
		try (ApplicationProcess application = ApplicationProcess.startMain(FakeServer.class,
				this.directory.resolve("app.log"), List.of("-Xmx32m"), "4322")) {
			application.grpcPort(Duration.ofSeconds(30));
			assertThat(application.kill()).isEqualTo(137);
			assertThat(application.output()).contains("started on port 4322").doesNotContain("stopping");
		}
	}

	@Test
	void anApplicationThatExitsBeforeItStartedIsReported() throws Exception {
		try (ApplicationProcess application = ApplicationProcess.startMain(FakeServer.class,
				this.directory.resolve("app.log"), List.of("-Xmx32m"))) {
			assertThatIllegalStateException().isThrownBy(() -> application.grpcPort(Duration.ofSeconds(30)))
				.withMessageContaining("exited before it started");
		}
	}

	/** Prints grpckit's start-up line with the port given, then waits to be stopped. */
	static final class FakeServer {

		public static void main(String[] args) throws InterruptedException {
			if (args.length == 0) {
				System.out.println("no port");
				return;
			}
			Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("stopping")));
			System.out.println("gRPC server started on port " + args[0]);
			new CountDownLatch(1).await();
		}

	}

}
