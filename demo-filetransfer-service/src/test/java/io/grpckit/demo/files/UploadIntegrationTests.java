package io.grpckit.demo.files;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.google.rpc.ErrorInfo;
import com.google.rpc.QuotaFailure;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.grpckit.demo.files.proto.FileInfo;
import io.grpckit.demo.files.proto.FileRef;
import io.grpckit.demo.files.proto.UploadReply;
import io.grpckit.demo.files.proto.UploadRequest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

class UploadIntegrationTests extends FileTransferTestSupport {

	@Override
	long maxSize() {
		return 2L * MIB;
	}

	@Test
	void uploadStoresFileAndRepliesWithServerComputedInfo() {
		byte[] content = bytes(300_000, 1);
		long before = System.currentTimeMillis() - 2000;
		FileInfo file = upload(List.of(metadata("docs/a.bin", null, ""), chunk(content, 0, 100_000),
				chunk(content, 100_000, 300_000)))
			.getFile();
		assertThat(file.getName()).isEqualTo("docs/a.bin");
		assertThat(file.getSize()).isEqualTo(300_000);
		assertThat(file.getSha256()).isEqualTo(sha256(content));
		assertThat(file.getModifiedUnixMs()).isBetween(before, System.currentTimeMillis() + 2000);
		assertThat(this.blocking.stat(FileRef.newBuilder().setName("docs/a.bin").build())).isEqualTo(file);
		assertThat(download("docs/a.bin", 0, 0)).isEqualTo(content);
		assertThat(staged()).isEmpty();
	}

	@Test
	void emptyChunkIsAChunk() {
		FileInfo file = upload(List.of(metadata("empty", 0L, sha256(new byte[0])), chunk(new byte[0], 0, 0))).getFile();
		assertThat(file.getSize()).isZero();
		assertThat(upload(List.of(metadata("none", null, ""))).getFile().getSize()).isZero();
	}

	@Test
	void firstMessageMustBeMetadataAndLaterOnesChunks() {
		assertStatus(Status.Code.INVALID_ARGUMENT, "first message: chunk",
				() -> upload(List.of(chunk(new byte[1], 0, 1))));
		assertStatus(Status.Code.INVALID_ARGUMENT, "neither metadata nor chunk",
				() -> upload(List.of(UploadRequest.getDefaultInstance())));
		assertStatus(Status.Code.INVALID_ARGUMENT, "neither metadata nor chunk",
				() -> upload(List.of(metadata("f", null, ""), UploadRequest.getDefaultInstance())));
		assertStatus(Status.Code.INVALID_ARGUMENT, "metadata after the first message",
				() -> upload(List.of(metadata("f", null, ""), metadata("f", null, ""))));
		assertStatus(Status.Code.INVALID_ARGUMENT, "no messages", () -> upload(List.of()));
		assertThat(visible()).isEmpty();
		await().atMost(Duration.ofSeconds(10)).until(() -> staged().isEmpty());
	}

	@Test
	void badMetadataIsInvalid() {
		assertStatus(Status.Code.INVALID_ARGUMENT, "size: -1 (expected: 0 or more)",
				() -> upload(List.of(metadata("f", -1L, ""))));
		for (String sha : List.of("abc", "A".repeat(64), "g".repeat(64), "a".repeat(65))) {
			assertStatus(Status.Code.INVALID_ARGUMENT, "sha256:", () -> upload(List.of(metadata("f", null, sha))));
		}
	}

	@Test
	void digestMismatchIsDataLossAndStoresNothing() {
		byte[] old = bytes(1000, 1);
		upload("f", old);
		byte[] content = bytes(1000, 2);
		assertStatus(Status.Code.DATA_LOSS, "sha256:",
				() -> upload(List.of(metadata("f", 1000L, sha256(old)), chunk(content, 0, 1000))));
		assertStatus(Status.Code.DATA_LOSS, "sha256:",
				() -> upload(List.of(metadata("g", null, sha256(old)), chunk(content, 0, 1000))));
		assertThat(download("f", 0, 0)).isEqualTo(old);
		assertThat(visible()).containsExactly("f");
		await().atMost(Duration.ofSeconds(10)).until(() -> staged().isEmpty());
	}

	@Test
	void sizeMismatchIsDataLossAndStoresNothing() {
		byte[] content = bytes(1000, 2);
		assertStatus(Status.Code.DATA_LOSS, "size: 999 bytes received (expected: 1000)",
				() -> upload(List.of(metadata("f", 1000L, ""), chunk(content, 0, 999))));
		assertStatus(Status.Code.DATA_LOSS, "size: more than the declared 999 bytes",
				() -> upload(List.of(metadata("f", 999L, ""), chunk(content, 0, 1000))));
		assertThat(visible()).isEmpty();
		await().atMost(Duration.ofSeconds(10)).until(() -> staged().isEmpty());
	}

	@Test
	void cancelledUploadKeepsOldVersionAndLeavesNoTempFile() {
		byte[] old = bytes(5000, 1);
		upload("f", old);
		Reply<UploadReply> reply = new Reply<>();
		ClientCallStreamObserver<UploadRequest> requests = (ClientCallStreamObserver<UploadRequest>) this.async
			.upload(reply);
		requests.onNext(metadata("f", null, ""));
		requests.onNext(chunk(bytes(100_000, 2), 0, 100_000));
		// the temporary file exists while the upload runs
		await().atMost(Duration.ofSeconds(10)).until(() -> staged().size() == 1);
		requests.cancel("test cancels", null);
		await().atMost(Duration.ofSeconds(10)).until(() -> staged().isEmpty());
		assertThat(download("f", 0, 0)).isEqualTo(old);
		assertThat(visible()).containsExactly("f");
	}

	@Test
	void timedOutUploadKeepsOldVersionAndLeavesNoTempFile() {
		byte[] old = bytes(5000, 1);
		upload("f", old);
		Reply<UploadReply> reply = new Reply<>();
		StreamObserver<UploadRequest> requests = this.async.withDeadlineAfter(500, TimeUnit.MILLISECONDS)
			.upload(reply);
		requests.onNext(metadata("f", null, ""));
		requests.onNext(chunk(bytes(10_000, 2), 0, 10_000));
		assertStatus(Status.Code.DEADLINE_EXCEEDED, "", reply::await);
		await().atMost(Duration.ofSeconds(10)).until(() -> staged().isEmpty());
		assertThat(download("f", 0, 0)).isEqualTo(old);
	}

	@Test
	void reuploadReplacesTheFile() {
		upload("f", bytes(5000, 1));
		byte[] second = bytes(7000, 2);
		assertThat(upload("f", second).getFile().getSha256()).isEqualTo(sha256(second));
		assertThat(download("f", 0, 0)).isEqualTo(second);
		assertThat(visible()).containsExactly("f");
	}

	@Test
	void sixConcurrentUploadsOfOneNameLeaveOneCompleteVersion() throws Exception {
		List<byte[]> contents = new ArrayList<>();
		List<Reply<UploadReply>> replies = new ArrayList<>();
		List<StreamObserver<UploadRequest>> streams = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			contents.add(bytes(500_000 + i, 10 + i));
			Reply<UploadReply> reply = new Reply<>();
			replies.add(reply);
			StreamObserver<UploadRequest> requests = this.async.upload(reply);
			requests.onNext(metadata("same/name", (long) contents.get(i).length, sha256(contents.get(i))));
			streams.add(requests);
		}
		// interleave the six streams chunk by chunk, then half-close them all
		for (int from = 0; from < 500_005; from += 50_000) {
			for (int i = 0; i < 6; i++) {
				byte[] content = contents.get(i);
				if (from < content.length) {
					streams.get(i).onNext(chunk(content, from, Math.min(content.length, from + 50_000)));
				}
			}
		}
		streams.forEach(StreamObserver::onCompleted);
		int succeeded = 0;
		for (Reply<UploadReply> reply : replies) {
			try {
				assertThat(reply.await().getFile().getName()).isEqualTo("same/name");
				succeeded++;
			}
			catch (StatusRuntimeException ex) {
				assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.ABORTED);
				ErrorInfo info = detail(ex, ErrorInfo.class);
				assertThat(info.getReason()).isEqualTo("DIRECTORIES_CHANGED");
				assertThat(info.getDomain()).isEqualTo("files.demo.grpckit.io");
				assertThat(info.getMetadataMap()).containsExactly(Map.entry("name", "same/name"));
			}
		}
		assertThat(succeeded).isPositive();
		byte[] stored = download("same/name", 0, 0);
		assertThat(contents).anySatisfy((content) -> assertThat(stored).isEqualTo(content));
		assertThat(this.blocking.stat(FileRef.newBuilder().setName("same/name").build()).getSha256())
			.isEqualTo(sha256(stored));
		assertThat(visible()).containsExactly("same/name");
		await().atMost(Duration.ofSeconds(10)).until(() -> staged().isEmpty());
	}

	@Test
	void fileOfExactlyTheLimitIsAccepted() {
		byte[] content = bytes(2 * MIB, 3);
		assertThat(upload("max", content).getFile().getSize()).isEqualTo(2 * MIB);
	}

	@Test
	void declaredSizeOverTheLimitFailsBeforeAnyChunk() {
		Reply<UploadReply> reply = new Reply<>();
		StreamObserver<UploadRequest> requests = this.async.upload(reply);
		requests.onNext(metadata("big", 2L * MIB + 1, ""));
		// no chunk sent and no half-close: the answer comes from the metadata alone
		assertStatus(Status.Code.RESOURCE_EXHAUSTED, "size: 2097153 (expected: at most 2097152)", reply::await);
		assertQuotaFailure(catchThrowableOfType(StatusRuntimeException.class, reply::await),
				"grpckit.demo.files.max-size", "size: 2097153 (expected: at most 2097152)");
		requests.onCompleted();
	}

	@Test
	void undeclaredUploadFailsAsSoonAsItPassesTheLimit() {
		Reply<UploadReply> reply = new Reply<>();
		StreamObserver<UploadRequest> requests = this.async.upload(reply);
		requests.onNext(metadata("big", null, ""));
		byte[] content = bytes(MIB, 4);
		requests.onNext(chunk(content, 0, MIB));
		requests.onNext(chunk(content, 0, MIB));
		requests.onNext(chunk(content, 0, 1));
		// still not half-closed
		assertStatus(Status.Code.RESOURCE_EXHAUSTED, "size: more than 2097152 bytes", reply::await);
		assertQuotaFailure(catchThrowableOfType(StatusRuntimeException.class, reply::await),
				"grpckit.demo.files.max-size", "size: more than 2097152 bytes (expected: at most 2097152)");
		requests.onCompleted();
		assertThat(visible()).isEmpty();
		await().atMost(Duration.ofSeconds(10)).until(() -> staged().isEmpty());
	}

	@Test
	void uploadToDirectoryOrThroughFileIsFailedPrecondition() throws Exception {
		upload("dir/file", bytes(10, 1));
		assertStatus(Status.Code.FAILED_PRECONDITION, "is a directory", () -> upload("dir", bytes(10, 2)));
		assertStatus(Status.Code.FAILED_PRECONDITION, "'dir/file' is a file",
				() -> upload("dir/file/x", bytes(10, 2)));
		assertThat(Files.isRegularFile(this.root.resolve("dir/file"))).isTrue();
	}

	@Test
	void chunksAreWrittenWhileTheClientIsStillSending() {
		// the server writes chunks as they arrive; nothing waits for the half-close
		Reply<UploadReply> reply = new Reply<>();
		StreamObserver<UploadRequest> requests = this.async.upload(reply);
		requests.onNext(metadata("s", null, ""));
		Stream.generate(() -> chunk(bytes(64 * 1024, 5), 0, 64 * 1024)).limit(8).forEach(requests::onNext);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> filesUnder(this.root.resolve(".grpckit/tmp")).stream()
				.anyMatch((name) -> fileSize(name) == 8 * 64 * 1024));
		requests.onCompleted();
		assertThat(reply.await().getFile().getSize()).isEqualTo(8 * 64 * 1024);
	}

	private long fileSize(String name) {
		try {
			return Files.size(this.root.resolve(".grpckit/tmp").resolve(name));
		}
		catch (java.io.IOException ex) {
			return -1;
		}
	}

	@Test
	void cancelledClientContextCancelsTheUpload() throws Exception {
		Context.CancellableContext context = Context.current().withCancellation();
		Reply<UploadReply> reply = new Reply<>();
		StreamObserver<UploadRequest> requests = context.call(() -> this.async.upload(reply));
		requests.onNext(metadata("ctx", null, ""));
		await().atMost(Duration.ofSeconds(10)).until(() -> staged().size() == 1);
		context.cancel(null);
		await().atMost(Duration.ofSeconds(10)).until(() -> staged().isEmpty());
		assertThat(visible()).isEmpty();
	}

	/** The RESOURCE_EXHAUSTED of a size limit carries a QuotaFailure naming the limit's property. */
	private static void assertQuotaFailure(StatusRuntimeException failure, String subject, String description) {
		QuotaFailure quota = detail(failure, QuotaFailure.class);
		assertThat(quota.getViolationsList()).singleElement().satisfies((violation) -> {
			assertThat(violation.getSubject()).isEqualTo(subject);
			assertThat(violation.getDescription()).isEqualTo(description);
		});
	}

}
