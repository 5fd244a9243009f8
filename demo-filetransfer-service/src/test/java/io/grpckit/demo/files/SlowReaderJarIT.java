package io.grpckit.demo.files;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpckit.demo.files.proto.DownloadRequest;
import io.grpckit.demo.files.proto.FileChunk;
import io.grpckit.demo.files.proto.FileTransferGrpc;
import io.grpckit.test.ApplicationProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The slow-reader attack of issue 16 on the packaged demo at {@code -Xmx256m} and its
 * shipped settings: 400 Downloads in 3 MiB chunks on 4 connections whose client never reads.
 * The server must not throw {@code OutOfMemoryError}, must grow by well under 300 MiB, and
 * must still serve a fresh Download in full. Before the kit's send budget it threw hundreds
 * of OutOfMemoryErrors and failed the fresh Download.
 */
class SlowReaderJarIT {

	private static final int CHUNK = 3 * 1024 * 1024;

	@TempDir
	Path root;

	@Test
	void unreadDownloadsNeitherExhaustMemoryNorStarveAFreshReader() throws Exception {
		byte[] content = new byte[12 * 1024 * 1024];
		new Random(16).nextBytes(content);
		Files.write(this.root.resolve("big.bin"), content);
		int httpPort = ApplicationProcess.freePort();
		List<ManagedChannel> channels = new ArrayList<>();
		try (ApplicationProcess process = ApplicationProcess.startJar(ServerProcess.jar(),
				Files.createTempFile("slow-readers", ".log"), List.of("-Xmx256m"), "--grpckit.server.port=0",
				"--server.port=" + httpPort, "--grpckit.demo.files.root=" + this.root,
				"--management.endpoints.web.exposure.include=health,metrics")) {
			int grpcPort = process.grpcPort(Duration.ofSeconds(60));
			ManagedChannel fresh = channel(grpcPort);
			channels.add(fresh);
			await().atMost(Duration.ofSeconds(60))
				.ignoreExceptions()
				.until(() -> HealthGrpc.newBlockingStub(fresh)
					.withDeadlineAfter(2, TimeUnit.SECONDS)
					.check(HealthCheckRequest.newBuilder().build())
					.getStatus() == ServingStatus.SERVING);
			// warm up the download path once, then measure from there
			assertThat(download(fresh)).isEqualTo(sha256(content));
			long before = rssBytes(process);
			for (int connection = 0; connection < 4; connection++) {
				ManagedChannel slow = channel(grpcPort);
				channels.add(slow);
				for (int call = 0; call < 100; call++) {
					startUnread(slow);
				}
			}
			// most of the 400 calls are told to wait for the send buffer
			await().atMost(Duration.ofSeconds(60))
				.until(() -> metric(httpPort, "grpckit.server.outbound.buffer.waiting") >= 300);
			assertThat(download(fresh)).isEqualTo(sha256(content));
			long grown = rssBytes(process) - before;
			// recorded in the build log, for docs/operations.md
			System.out.printf("slow readers: RSS grew by %d MiB%n", grown / (1024 * 1024));
			assertThat(grown).as("RSS growth in bytes").isLessThan(300L * 1024 * 1024);
			assertThat(process.output()).doesNotContain("OutOfMemoryError");
		}
		finally {
			channels.forEach(ManagedChannel::shutdownNow);
		}
	}

	private static ManagedChannel channel(int port) {
		return NettyChannelBuilder.forAddress("127.0.0.1", port)
			.usePlaintext()
			.maxInboundMessageSize(4 * 1024 * 1024)
			.build();
	}

	// a call whose client never asks for a message, so never gives the server window back
	private static void startUnread(ManagedChannel channel) {
		ClientCall<DownloadRequest, FileChunk> call = channel.newCall(FileTransferGrpc.getDownloadMethod(),
				CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.MINUTES));
		call.start(new ClientCall.Listener<>() {
		}, new Metadata());
		call.sendMessage(DownloadRequest.newBuilder().setName("big.bin").setChunkSize(CHUNK).build());
		call.halfClose();
	}

	private static String download(ManagedChannel channel) throws Exception {
		MessageDigest digest = MessageDigest.getInstance("SHA-256");
		Iterator<FileChunk> chunks = FileTransferGrpc.newBlockingStub(channel)
			.withDeadlineAfter(60, TimeUnit.SECONDS)
			.download(DownloadRequest.newBuilder().setName("big.bin").setChunkSize(CHUNK).build());
		while (chunks.hasNext()) {
			digest.update(chunks.next().getContent().asReadOnlyByteBuffer());
		}
		return HexFormat.of().formatHex(digest.digest());
	}

	private static String sha256(byte[] content) throws Exception {
		return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
	}

	private static long rssBytes(ApplicationProcess process) throws IOException {
		for (String line : Files.readAllLines(Path.of("/proc/" + process.process().pid() + "/status"))) {
			if (line.startsWith("VmRSS:")) {
				return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
			}
		}
		throw new IllegalStateException("no VmRSS for " + process.process().pid());
	}

	private static double metric(int httpPort, String name) throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/actuator/metrics/" + name))
				.build(), HttpResponse.BodyHandlers.ofString());
		Matcher value = Pattern.compile("\"value\"\\s*:\\s*([0-9.E+-]+)").matcher(response.body());
		return (response.statusCode() == 200 && value.find()) ? Double.parseDouble(value.group(1)) : -1;
	}

}
