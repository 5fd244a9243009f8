package io.grpckit.demo.greeter;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpckit.demo.greeter.proto.GreeterGrpc;
import io.grpckit.demo.greeter.proto.HelloRequest;
import io.grpckit.test.ApplicationProcess;
import io.grpckit.test.StreamEvents;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged demo as a user runs it: {@code java -jar}, a call, health, then SIGTERM.
 * Runs in {@code verify} (failsafe), after the jar is built.
 */
class GreeterJarIT {

	private static final Duration QUIET_PERIOD = Duration.ofSeconds(1);

	// far longer than any bound below: a watch that held the drain would show
	private static final Duration GRACE_PERIOD = Duration.ofSeconds(30);

	@Test
	void servesAnswersHealthAndStopsCleanlyOnSigterm() throws Exception {
		int httpPort = ApplicationProcess.freePort();
		try (ApplicationProcess application = ApplicationProcess.startJar(
				ApplicationProcess.packagedJar("demo-greeter-service"), Files.createTempFile("greeter", ".log"),
				List.of(), "--grpckit.server.port=0", "--server.port=" + httpPort)) {
			ManagedChannel channel = NettyChannelBuilder
				.forAddress("127.0.0.1", application.grpcPort(Duration.ofSeconds(60)))
				.usePlaintext()
				.build();
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
					.send(HttpRequest
						.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/actuator/health/readiness"))
						.build(), HttpResponse.BodyHandlers.ofString());
				assertThat(readiness.statusCode()).isEqualTo(200);

				long stopAsked = System.nanoTime();
				// SIGTERM; fails unless the JVM exits within the grace period
				int exitValue = application.stop(Duration.ofSeconds(20));
				assertThat(Duration.ofNanos(System.nanoTime() - stopAsked)).isLessThan(Duration.ofSeconds(15));
				// 143 = 128 + SIGTERM: the JVM ran its shutdown hooks and exited
				assertThat(exitValue).isIn(0, 143);
				assertThat(application.lines()).anyMatch((line) -> line.contains("gRPC server stopping"))
					.anyMatch((line) -> line.contains("gRPC server stopped"))
					.noneMatch((line) -> line.contains("ERROR"));
			}
			finally {
				channel.shutdownNow();
			}
		}
	}

	@Test
	void sigtermWithAnOpenHealthWatchExitsWithinTheQuietPeriodPlusASecond() throws Exception {
		try (ApplicationProcess application = ApplicationProcess.startJar(
				ApplicationProcess.packagedJar("demo-greeter-service"), Files.createTempFile("greeter", ".log"),
				List.of(), "--grpckit.server.port=0", "--server.port=0",
				"--grpckit.server.shutdown.quiet-period=" + QUIET_PERIOD.toMillis() + "ms",
				"--grpckit.server.shutdown.grace-period=" + GRACE_PERIOD.toMillis() + "ms")) {
			ManagedChannel channel = NettyChannelBuilder
				.forAddress("127.0.0.1", application.grpcPort(Duration.ofSeconds(60)))
				.usePlaintext()
				.build();
			try {
				StreamEvents<HealthCheckResponse> watch = new StreamEvents<>();
				HealthGrpc.newStub(channel)
					.watch(HealthCheckRequest.newBuilder().setService("helloworld.Greeter").build(), watch);
				assertThat(watch.poll(30, TimeUnit.SECONDS)).isInstanceOfSatisfying(HealthCheckResponse.class,
						(response) -> assertThat(response.getStatus()).isEqualTo(ServingStatus.SERVING));

				long stopAsked = System.nanoTime();
				// long enough for a held drain to end, so that the assertions below say what went wrong
				int exitValue = application.stop(GRACE_PERIOD.multipliedBy(2));
				Duration untilExit = Duration.ofNanos(System.nanoTime() - stopAsked);
				assertThat(exitValue).isIn(0, 143);
				// the watcher heard NOT_SERVING, then its stream ended normally
				assertThat(watch.poll(5, TimeUnit.SECONDS)).isInstanceOfSatisfying(HealthCheckResponse.class,
						(response) -> assertThat(response.getStatus()).isEqualTo(ServingStatus.NOT_SERVING));
				assertThat(watch.poll(5, TimeUnit.SECONDS)).isEqualTo(StreamEvents.COMPLETED);
				// the gRPC server's shutdown, timed by its own log lines so that a loaded machine's
				// slow JVM exit does not count: the quiet period and a drain with nothing to wait for
				List<String> lines = application.lines();
				Duration stopping = Duration.between(loggedAt(lines, "gRPC server stopping"),
						loggedAt(lines, "gRPC server stopped"));
				assertThat(stopping).isLessThan(QUIET_PERIOD.plusSeconds(1));
				// and the JVM exits well before the grace period could have ended (measured: 1.5 s)
				assertThat(untilExit).isLessThan(GRACE_PERIOD.dividedBy(3));
			}
			finally {
				channel.shutdownNow();
			}
		}
	}

	private static Instant loggedAt(List<String> lines, String text) {
		String line = lines.stream()
			.filter((candidate) -> candidate.contains(text))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no log line with '" + text + "'"));
		// Spring Boot's console format starts with an ISO-8601 timestamp
		return OffsetDateTime.parse(line.substring(0, line.indexOf(' '))).toInstant();
	}

}
