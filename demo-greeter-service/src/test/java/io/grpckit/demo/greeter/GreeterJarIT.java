package io.grpckit.demo.greeter;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
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
import io.grpckit.test.ApplicationProcess;
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

}
