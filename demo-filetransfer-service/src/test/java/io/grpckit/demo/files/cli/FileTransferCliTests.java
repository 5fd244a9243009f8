package io.grpckit.demo.files.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpckit.demo.files.FileTransferProperties;
import io.grpckit.demo.files.FileTransferService;
import io.grpckit.demo.files.proto.UploadRequest;
import io.grpckit.demo.files.storage.FileStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The CLI against a real server on a loopback port, including a server restart in the middle
 * of an upload.
 */
class FileTransferCliTests {

	@TempDir
	Path root;

	@TempDir
	Path work;

	private Server server;

	/** Chunk bytes the current server received, to show a resumed upload skips what was stored. */
	private final AtomicLong received = new AtomicLong();

	private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();

	@AfterEach
	void stop() throws InterruptedException {
		this.timers.shutdownNow();
		if (this.server != null) {
			this.server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
		}
	}

	private int start(int port) throws IOException {
		FileStore store = FileStore.open(this.root, 1L << 30, Duration.ofHours(1), Clock.systemUTC());
		ServerInterceptor counter = new ServerInterceptor() {
			@Override
			public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
					ServerCallHandler<Q, R> next) {
				return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {
					@Override
					public void onMessage(Q message) {
						if (message instanceof UploadRequest request && request.hasChunk()) {
							FileTransferCliTests.this.received.addAndGet(request.getChunk().size());
						}
						super.onMessage(message);
					}
				};
			}
		};
		this.received.set(0);
		this.server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
			.addService(ServerInterceptors.intercept(
					new FileTransferService(store, this.timers, new FileTransferProperties()), counter))
			.build()
			.start();
		return this.server.getPort();
	}

	private static byte[] bytes(int length) {
		byte[] bytes = new byte[length];
		new Random(length).nextBytes(bytes);
		return bytes;
	}

	private static String sha256(byte[] bytes) throws Exception {
		return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
	}

	@Test
	void uploadDownloadListStatRemove() throws Exception {
		String target = "--target=127.0.0.1:" + start(0);
		byte[] content = bytes(3 * 1024 * 1024 + 5);
		Path source = Files.write(this.work.resolve("source.bin"), content);
		Path copy = this.work.resolve("copy.bin");
		assertThat(FileTransferCli.run("upload", source.toString(), "dir/file.bin", target)).isZero();
		assertThat(FileTransferCli.run("stat", "dir/file.bin", target)).isZero();
		assertThat(FileTransferCli.run("ls", "dir/", target)).isZero();
		assertThat(FileTransferCli.run("download", "dir/file.bin", copy.toString(), target)).isZero();
		assertThat(Files.readAllBytes(copy)).isEqualTo(content);
		assertThat(Files.exists(this.work.resolve(".copy.bin.part"))).isFalse();
		assertThat(FileTransferCli.run("rm", "dir/file.bin", target)).isZero();
		assertThat(FileTransferCli.run("stat", "dir/file.bin", target)).isEqualTo(1);
		assertThat(FileTransferCli.run("download", "dir/file.bin", copy.toString(), target)).isEqualTo(1);
		assertThat(FileTransferCli.run("upload", source.toString(), "../x", target)).isEqualTo(1);
		assertThat(FileTransferCli.run("upload")).isEqualTo(2);
	}

	@Test
	void downloadContinuesFromAnExistingPart() throws Exception {
		String target = "--target=127.0.0.1:" + start(0);
		byte[] content = bytes(2 * 1024 * 1024);
		Path source = Files.write(this.work.resolve("source.bin"), content);
		assertThat(FileTransferCli.run("upload", source.toString(), "f", target)).isZero();
		// what an interrupted earlier run left behind: the first half
		Files.write(this.work.resolve(".copy.bin.part"), java.util.Arrays.copyOf(content, 1024 * 1024));
		assertThat(FileTransferCli.run("download", "f", this.work.resolve("copy.bin").toString(), target)).isZero();
		assertThat(Files.readAllBytes(this.work.resolve("copy.bin"))).isEqualTo(content);
	}

	@Test
	void uploadResumesAfterTheServerRestarts() throws Exception {
		int port = start(0);
		String target = "--target=127.0.0.1:" + port;
		byte[] content = bytes(64 * 1024 * 1024);
		Path source = Files.write(this.work.resolve("big.bin"), content);
		CompletableFuture<Integer> upload = CompletableFuture
			.supplyAsync(() -> FileTransferCli.run("upload", source.toString(), "big", target));
		// stop the server once some progress is durable (an ack is at most 4 MiB apart)
		await().atMost(Duration.ofSeconds(60)).until(() -> this.received.get() >= 8L * 1024 * 1024);
		this.server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
		long beforeRestart = this.received.get();
		start(port);
		assertThat(upload.get(120, TimeUnit.SECONDS)).isZero();
		assertThat(Files.readAllBytes(this.root.resolve("big"))).isEqualTo(content);
		// the second server was sent only what the first had not stored
		assertThat(this.received.get()).isLessThan(content.length).isGreaterThan(0);
		assertThat(beforeRestart).isLessThan(content.length);
		assertThat(sha256(Files.readAllBytes(this.root.resolve("big")))).isEqualTo(sha256(content));
	}

}
