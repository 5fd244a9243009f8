package io.grpckit.demo.greeter;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpckit.demo.greeter.proto.GreeterGrpc;
import io.grpckit.demo.greeter.proto.HelloRequest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged demo as a user runs it: {@code java -jar}, a call, health, then SIGTERM.
 * Runs in {@code verify} (failsafe), after the jar is built.
 */
class GreeterJarIT {

	@Test
	void servesAnswersHealthAndStopsCleanlyOnSigterm() throws Exception {
		int grpcPort = freePort();
		int httpPort = freePort();
		Path log = Files.createTempFile("greeter", ".log");
		Process process = new ProcessBuilder(javaBinary(), "-jar", jar().toString(), "--grpckit.server.port=" + grpcPort,
				"--server.port=" + httpPort)
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
		try {
			await().atMost(Duration.ofSeconds(60))
				.ignoreExceptions()
				.until(() -> GreeterGrpc.newBlockingStub(channel)
					.withDeadlineAfter(2, TimeUnit.SECONDS)
					.sayHello(HelloRequest.newBuilder().setName("jar").build())
					.getMessage()
					.equals("Hello, jar!"));
			assertThat(HealthGrpc.newBlockingStub(channel)
				.withDeadlineAfter(2, TimeUnit.SECONDS)
				.check(HealthCheckRequest.newBuilder().setService("helloworld.Greeter").build())
				.getStatus()).isEqualTo(ServingStatus.SERVING);
			HttpResponse<String> readiness = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/actuator/health/readiness"))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(readiness.statusCode()).isEqualTo(200);

			long stopAsked = System.nanoTime();
			process.destroy(); // SIGTERM
			assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("exits within the grace period").isTrue();
			assertThat(Duration.ofNanos(System.nanoTime() - stopAsked)).isLessThan(Duration.ofSeconds(15));
			// 143 = 128 + SIGTERM: the JVM ran its shutdown hooks and exited
			assertThat(process.exitValue()).isIn(0, 143);
			List<String> lines = Files.readAllLines(log);
			assertThat(lines).anyMatch((line) -> line.contains("gRPC server stopping"))
				.anyMatch((line) -> line.contains("gRPC server stopped"))
				.noneMatch((line) -> line.contains("ERROR"));
		}
		finally {
			channel.shutdownNow();
			process.destroyForcibly();
		}
	}

	private static Path jar() throws IOException {
		try (var files = Files.list(Path.of("target"))) {
			return files.filter((file) -> file.getFileName().toString().matches("demo-greeter-service-.*\\.jar"))
				.filter((file) -> !file.getFileName().toString().endsWith("-plain.jar"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("package the demo first: no jar in target/"));
		}
	}

	private static String javaBinary() {
		return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
