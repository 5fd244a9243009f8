package io.grpckit.demo.files;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpckit.demo.files.proto.DownloadRequest;
import io.grpckit.demo.files.proto.FileChunk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DownloadIntegrationTests extends FileTransferTestSupport {

	private final byte[] content = bytes(5 * MIB + 12_345, 7);

	@ParameterizedTest(name = "offset {0}, chunk_size {1}")
	@CsvSource({ "0, 0", "0, 1024", "0, 3145728", "1, 1024", "1000000, 4097", "5255225, 1024", "5255224, 0",
			"5255225, 0" })
	void chunksFromOffsetConcatenateToTheFileBytes(long offset, int chunkSize) {
		upload("f", this.content);
		assertThat(download("f", offset, chunkSize))
			.isEqualTo(Arrays.copyOfRange(this.content, (int) offset, this.content.length));
	}

	@Test
	void chunkSizeZeroMeansOneMebibyte() {
		upload("f", this.content);
		int chunks = 0;
		for (var iterator = this.blocking.download(DownloadRequest.newBuilder().setName("f").build()); iterator
			.hasNext();) {
			int size = iterator.next().getContent().size();
			chunks++;
			assertThat(size).isEqualTo((chunks <= 5) ? MIB : 12_345);
		}
		assertThat(chunks).isEqualTo(6);
	}

	@ParameterizedTest
	@ValueSource(ints = { -1, 1, 1023, 3145729, Integer.MAX_VALUE })
	void chunkSizeOutsideTheRangeIsInvalid(int chunkSize) {
		upload("f", new byte[10]);
		assertStatus(Status.Code.INVALID_ARGUMENT, "chunk_size: " + chunkSize + " (expected: 0 or 1024..3145728)",
				() -> download("f", 0, chunkSize));
	}

	@Test
	void offsetOutsideTheFileIsOutOfRange() {
		upload("f", new byte[10]);
		assertStatus(Status.Code.OUT_OF_RANGE, "offset: 11 (expected: 0..10)", () -> download("f", 11, 0));
		assertStatus(Status.Code.OUT_OF_RANGE, "offset: -1 (expected: 0..10)", () -> download("f", -1, 0));
		assertThat(download("f", 10, 0)).isEmpty();
	}

	@Test
	void missingNameOrDirectoryIsNotFound() {
		upload("dir/f", new byte[10]);
		assertStatus(Status.Code.NOT_FOUND, "no such file", () -> download("missing", 0, 0));
		assertStatus(Status.Code.NOT_FOUND, "no such file", () -> download("dir", 0, 0));
		assertStatus(Status.Code.NOT_FOUND, "no such file", () -> download("dir/f/x", 0, 0));
	}

	/**
	 * A client that asks for one chunk at a time, only when the test says so.
	 */
	private static final class SlowReader implements ClientResponseObserver<DownloadRequest, FileChunk> {

		final ConcurrentLinkedQueue<FileChunk> received = new ConcurrentLinkedQueue<>();

		final CompletableFuture<Void> done = new CompletableFuture<>();

		final AtomicInteger count = new AtomicInteger();

		/** One token per chunk delivered, so a test can wait for each with a deadline. */
		final LinkedBlockingQueue<Boolean> arrivals = new LinkedBlockingQueue<>();

		volatile ClientCallStreamObserver<DownloadRequest> call;

		@Override
		public void beforeStart(ClientCallStreamObserver<DownloadRequest> call) {
			this.call = call;
			call.disableAutoRequestWithInitial(1);
		}

		@Override
		public void onNext(FileChunk chunk) {
			this.received.add(chunk);
			this.count.incrementAndGet();
			this.arrivals.add(true);
		}

		@Override
		public void onError(Throwable error) {
			this.done.completeExceptionally(error);
		}

		@Override
		public void onCompleted() {
			this.done.complete(null);
		}

		byte[] bytes() {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			this.received.forEach((chunk) -> out.writeBytes(chunk.getContent().toByteArray()));
			return out.toByteArray();
		}

	}

	@Test
	void fileReplacedDuringDownloadFinishesWithTheVersionItStartedWith() throws Exception {
		upload("f", this.content);
		SlowReader reader = new SlowReader();
		this.async.download(DownloadRequest.newBuilder().setName("f").setChunkSize(64 * 1024).build(), reader);
		await().atMost(Duration.ofSeconds(10)).until(() -> reader.count.get() == 1);
		byte[] replacement = bytes(3 * MIB, 8);
		upload("f", replacement);
		this.blocking.delete(io.grpckit.demo.files.proto.FileRef.newBuilder().setName("f").build());
		upload("f", replacement);
		reader.call.request(Integer.MAX_VALUE);
		reader.done.get();
		assertThat(reader.bytes()).isEqualTo(this.content);
		assertThat(download("f", 0, 0)).isEqualTo(replacement);
	}

	@Test
	void slowReaderWithManualFlowControlGetsEveryByteInOrder() throws Exception {
		byte[] big = bytes(16 * MIB, 9);
		upload("big", big);
		SlowReader reader = new SlowReader();
		this.async.download(DownloadRequest.newBuilder().setName("big").setChunkSize(16 * 1024).build(), reader);
		// one chunk at a time: the server can only run as far ahead as the transport's windows allow
		for (int i = 0; i < 1024; i++) {
			assertThat(reader.arrivals.poll(10, TimeUnit.SECONDS)).as("chunk %d", i).isNotNull();
			// nothing more arrives until asked for
			assertThat(reader.count.get()).isEqualTo(i + 1);
			reader.call.request(1);
		}
		reader.done.get(10, TimeUnit.SECONDS);
		assertThat(reader.count.get()).isEqualTo(1024);
		long offset = 0;
		for (FileChunk chunk : reader.received) {
			assertThat(chunk.getOffset()).isEqualTo(offset);
			offset += chunk.getContent().size();
		}
		assertThat(sha256(reader.bytes())).isEqualTo(sha256(big));
	}

	@Test
	void cancelledDownloadReleasesTheFile() throws Exception {
		upload("f", this.content);
		SlowReader reader = new SlowReader();
		this.async.download(DownloadRequest.newBuilder().setName("f").setChunkSize(1024).build(), reader);
		await().atMost(Duration.ofSeconds(10)).until(() -> reader.count.get() == 1);
		assertThat(openFiles()).contains(this.root.resolve("f").toString());
		reader.call.cancel("test cancels", null);
		assertThat(reader.done).failsWithin(Duration.ofSeconds(10))
			.withThrowableThat()
			.havingCause()
			.isInstanceOf(StatusRuntimeException.class);
		// the server closes the file: its descriptor disappears from /proc/self/fd
		await().atMost(Duration.ofSeconds(10)).until(() -> !openFiles().contains(this.root.resolve("f").toString()));
	}

	private static java.util.List<String> openFiles() throws Exception {
		try (var fds = Files.list(java.nio.file.Path.of("/proc/self/fd"))) {
			return fds.map((fd) -> {
				try {
					return Files.readSymbolicLink(fd).toString();
				}
				catch (Exception ex) {
					return "";
				}
			}).toList();
		}
	}

}
