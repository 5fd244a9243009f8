package io.grpckit.demo.files;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.grpckit.demo.files.proto.DownloadRequest;
import io.grpckit.demo.files.proto.FileInfo;
import io.grpckit.demo.files.proto.FileMetadata;
import io.grpckit.demo.files.proto.FileTransferGrpc;
import io.grpckit.demo.files.proto.UploadReply;
import io.grpckit.demo.files.proto.UploadRequest;
import io.grpckit.test.ApplicationProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged demo as a user runs it: {@code java -jar} with a storage root, an upload and a
 * download, gRPC health and the HTTP readiness probe, then SIGTERM. Runs in {@code verify}
 * (failsafe), after the jar is built.
 */
class FileTransferJarIT {

	@TempDir
	Path root;

	@Test
	void servesFilesAnswersHealthAndStopsCleanlyOnSigterm() throws Exception {
		int httpPort = ApplicationProcess.freePort();
		try (ApplicationProcess process = ApplicationProcess.startJar(ServerProcess.jar(),
				Files.createTempFile("files", ".log"), List.of(), "--grpckit.server.port=0", "--server.port=" + httpPort,
				"--grpckit.demo.files.root=" + this.root)) {
			int grpcPort = process.grpcPort(Duration.ofSeconds(60));
			ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
			try {
				await().atMost(Duration.ofSeconds(60))
					.ignoreExceptions()
					.until(() -> HealthGrpc.newBlockingStub(channel)
						.withDeadlineAfter(2, TimeUnit.SECONDS)
						.check(HealthCheckRequest.newBuilder().setService("filetransfer.FileTransfer").build())
						.getStatus() == ServingStatus.SERVING);
				byte[] content = FileTransferTestSupport.bytes(100_000, 7);
				FileTransferTestSupport.Reply<UploadReply> reply = new FileTransferTestSupport.Reply<>();
				StreamObserver<UploadRequest> upload = FileTransferGrpc.newStub(channel)
					.withDeadlineAfter(10, TimeUnit.SECONDS)
					.upload(reply);
				upload.onNext(UploadRequest.newBuilder()
					.setMetadata(FileMetadata.newBuilder().setName("jar/f").setSize(content.length))
					.build());
				upload.onNext(UploadRequest.newBuilder().setChunk(ByteString.copyFrom(content)).build());
				upload.onCompleted();
				FileInfo file = reply.await().getFile();
				assertThat(file.getSha256()).isEqualTo(FileTransferTestSupport.sha256(content));
				assertThat(this.root.resolve("jar/f")).hasBinaryContent(content);
				ByteString downloaded = ByteString.EMPTY;
				var chunks = FileTransferGrpc.newBlockingStub(channel)
					.withDeadlineAfter(10, TimeUnit.SECONDS)
					.download(DownloadRequest.newBuilder().setName("jar/f").build());
				while (chunks.hasNext()) {
					downloaded = downloaded.concat(chunks.next().getContent());
				}
				assertThat(downloaded.toByteArray()).isEqualTo(content);
				HttpClient http = HttpClient.newHttpClient();
				for (String group : List.of("liveness", "readiness")) {
					HttpResponse<String> probe = http.send(HttpRequest
						.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/actuator/health/" + group))
						.build(), HttpResponse.BodyHandlers.ofString());
					assertThat(probe.statusCode()).as(group).isEqualTo(200);
				}

				long stopAsked = System.nanoTime();
				// SIGTERM; quiet period 1 s + grace period 10 s (application.properties), with nothing in
				// flight; fails unless the JVM exits within the grace period
				int exitValue = process.stop(Duration.ofSeconds(20));
				assertThat(Duration.ofNanos(System.nanoTime() - stopAsked)).isLessThan(Duration.ofSeconds(11));
				// 143 = 128 + SIGTERM: the JVM ran its shutdown hooks and exited
				assertThat(exitValue).isIn(0, 143);
				List<String> lines = process.lines();
				String realRoot = this.root.toRealPath().toString();
				assertThat(lines).anyMatch((line) -> line.contains("Storage root " + realRoot))
					.anyMatch((line) -> line.contains("gRPC server started on port " + grpcPort))
					.anyMatch((line) -> line.contains("gRPC server stopping"))
					.anyMatch((line) -> line.contains("gRPC server stopped"))
					.noneMatch((line) -> line.contains("ERROR"));
			}
			finally {
				channel.shutdownNow();
			}
		}
	}

}
