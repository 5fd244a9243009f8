package io.grpckit.demo.files;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.google.rpc.ErrorInfo;
import com.google.rpc.QuotaFailure;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.grpckit.demo.files.proto.FileRef;
import io.grpckit.demo.files.proto.ListRequest;
import io.grpckit.demo.files.proto.UploadAck;
import io.grpckit.demo.files.proto.UploadRequest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ResumableUploadIntegrationTests extends FileTransferTestSupport {

	private final byte[] content = bytes(12 * MIB + 777, 21);

	/** One UploadResumable call seen from the client. */
	private final class Session implements StreamObserver<UploadAck> {

		final LinkedBlockingQueue<UploadAck> acks = new LinkedBlockingQueue<>();

		/** Acks and the failure, in arrival order. */
		final LinkedBlockingQueue<Object> events = new LinkedBlockingQueue<>();

		final List<UploadAck> all = new ArrayList<>();

		final CompletableFuture<Void> done = new CompletableFuture<>();

		final ClientCallStreamObserver<UploadRequest> requests;

		Session() {
			this.requests = (ClientCallStreamObserver<UploadRequest>) ResumableUploadIntegrationTests.this.async
				.uploadResumable(this);
		}

		@Override
		public void onNext(UploadAck ack) {
			synchronized (this.all) {
				this.all.add(ack);
			}
			this.acks.add(ack);
			this.events.add(ack);
		}

		@Override
		public void onError(Throwable error) {
			this.events.add(error);
			this.done.completeExceptionally(error);
		}

		@Override
		public void onCompleted() {
			this.done.complete(null);
		}

		UploadAck nextAck() throws InterruptedException {
			UploadAck ack = this.acks.poll(20, TimeUnit.SECONDS);
			assertThat(ack).as("an ack within the deadline").isNotNull();
			return ack;
		}

		/** Start: send metadata and return the first ack's committed offset. */
		long start(String name, Long size, String sha256) throws InterruptedException {
			this.requests.onNext(metadata(name, size, sha256));
			return nextAck().getCommittedOffset();
		}

		void send(byte[] bytes, long from, long to, int chunkSize) {
			for (long offset = from; offset < to; offset += chunkSize) {
				this.requests.onNext(chunk(bytes, (int) offset, (int) Math.min(to, offset + chunkSize)));
			}
		}

		Status awaitFailure() {
			return awaitException().getStatus();
		}

		StatusRuntimeException awaitException() {
			try {
				this.done.get(20, TimeUnit.SECONDS);
			}
			catch (java.util.concurrent.ExecutionException ex) {
				return (StatusRuntimeException) ex.getCause();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
			throw new AssertionError("call ended OK");
		}

		void awaitOk() throws Exception {
			this.done.get(20, TimeUnit.SECONDS);
		}

		UploadAck lastAck() {
			synchronized (this.all) {
				return this.all.get(this.all.size() - 1);
			}
		}

	}

	@Test
	void newUploadStartsAtZeroAndCompletesWithoutHalfClose() throws Exception {
		Session session = new Session();
		assertThat(session.start("r/f", (long) this.content.length, sha256(this.content))).isZero();
		session.send(this.content, 0, this.content.length, MIB);
		// no onCompleted from the client: the server ends the call when size bytes arrived
		session.awaitOk();
		UploadAck last = session.lastAck();
		assertThat(last.getCommittedOffset()).isEqualTo(this.content.length);
		assertThat(last.hasFile()).isTrue();
		assertThat(last.getFile().getSha256()).isEqualTo(sha256(this.content));
		assertThat(last.getFile().getSize()).isEqualTo(this.content.length);
		assertThat(download("r/f", 0, 0)).isEqualTo(this.content);
		assertThat(staged()).isEmpty();
	}

	@Test
	void acksReportDurableProgressAtMostFourMebibytesApart() throws Exception {
		Session session = new Session();
		session.start("f", (long) this.content.length, "");
		session.send(this.content, 0, this.content.length, 3 * MIB / 2);
		session.awaitOk();
		long previous = 0;
		for (UploadAck ack : session.all) {
			assertThat(ack.getCommittedOffset() - previous).isBetween(0L, 4L * MIB);
			previous = ack.getCommittedOffset();
		}
		assertThat(session.all).hasSizeGreaterThan(3);
		// without a declared digest, the server's own is reported
		assertThat(session.lastAck().getFile().getSha256()).isEqualTo(sha256(this.content));
	}

	@Test
	void brokenUploadResumesFromItsCommittedOffset() throws Exception {
		String sha = sha256(this.content);
		Session first = new Session();
		first.start("r/f", (long) this.content.length, sha);
		first.send(this.content, 0, 9 * MIB, MIB);
		long acknowledged = 0;
		while (acknowledged < 8 * MIB) {
			acknowledged = first.nextAck().getCommittedOffset();
		}
		first.requests.cancel("connection lost", null);
		assertThat(first.awaitFailure().getCode()).isEqualTo(Status.Code.CANCELLED);
		// the part is kept but never visible
		assertStatus(Status.Code.NOT_FOUND, "no such file",
				() -> this.blocking.stat(FileRef.newBuilder().setName("r/f").build()));
		assertThat(this.blocking.list(ListRequest.getDefaultInstance()).getFilesList()).isEmpty();

		Session second = resume("r/f", sha);
		long resumeAt = second.all.get(0).getCommittedOffset();
		assertThat(resumeAt).isBetween(acknowledged, 9L * MIB);
		second.send(this.content, resumeAt, this.content.length, MIB);
		second.awaitOk();
		assertThat(second.lastAck().getFile().getSha256()).isEqualTo(sha);
		assertThat(download("r/f", 0, 0)).isEqualTo(this.content);
		await().atMost(Duration.ofSeconds(10)).until(() -> staged().isEmpty());
	}

	/**
	 * Start a session for the name, retrying while the server is still finishing the cancelled
	 * call (until then a second session of the name is ABORTED), like a client would.
	 */
	private Session resume(String name, String sha) {
		AtomicReference<Session> resumed = new AtomicReference<>();
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> {
			Session session = new Session();
			session.requests.onNext(metadata(name, (long) this.content.length, sha));
			Object first = session.events.poll(10, TimeUnit.SECONDS);
			if (first instanceof UploadAck) {
				resumed.set(session);
				return true;
			}
			assertThat(((StatusRuntimeException) first).getStatus().getCode()).isEqualTo(Status.Code.ABORTED);
			return false;
		});
		return resumed.get();
	}

	@Test
	void halfCloseBeforeSizeAcksEveryReceivedByteAndKeepsThePart() throws Exception {
		Session first = new Session();
		first.start("f", (long) this.content.length, "");
		first.send(this.content, 0, 1_234_567, 100_000);
		first.requests.onCompleted();
		first.awaitOk();
		UploadAck last = first.lastAck();
		assertThat(last.getCommittedOffset()).isEqualTo(1_234_567);
		assertThat(last.hasFile()).isFalse();
		assertThat(visible()).isEmpty();

		Session second = new Session();
		assertThat(second.start("f", (long) this.content.length, "")).isEqualTo(1_234_567);
		second.send(this.content, 1_234_567, this.content.length, MIB);
		second.awaitOk();
		assertThat(second.lastAck().getFile().getSha256()).isEqualTo(sha256(this.content));
	}

	@Test
	void digestMismatchIsDataLossAndDiscardsThePart() throws Exception {
		Session session = new Session();
		session.start("f", 5000L, sha256(new byte[5000]));
		session.send(bytes(5000, 1), 0, 5000, 1000);
		assertThat(session.awaitFailure().getCode()).isEqualTo(Status.Code.DATA_LOSS);
		assertThat(filesUnder(this.root)).isEmpty();
		Session again = new Session();
		assertThat(again.start("f", 5000L, sha256(new byte[5000]))).isZero();
		again.requests.onCompleted();
	}

	@Test
	void chunkPastTheDeclaredSizeIsDataLoss() throws Exception {
		Session session = new Session();
		session.start("f", 5000L, "");
		session.send(bytes(6000, 1), 0, 6000, 4000);
		Status status = session.awaitFailure();
		assertThat(status.getCode()).isEqualTo(Status.Code.DATA_LOSS);
		assertThat(status.getDescription()).contains("more than the declared 5000 bytes");
		assertThat(filesUnder(this.root)).isEmpty();
	}

	@Test
	void metadataRules() throws Exception {
		Session noSize = new Session();
		noSize.requests.onNext(metadata("f", null, ""));
		assertThat(noSize.awaitFailure().getDescription()).contains("size: missing");
		Session chunkFirst = new Session();
		chunkFirst.requests.onNext(chunk(new byte[1], 0, 1));
		assertThat(chunkFirst.awaitFailure().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		Session badSha = new Session();
		badSha.requests.onNext(metadata("f", 1L, "xyz"));
		assertThat(badSha.awaitFailure().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		Session tooLarge = new Session();
		tooLarge.requests.onNext(metadata("f", maxSize() + 1, ""));
		StatusRuntimeException exhausted = tooLarge.awaitException();
		assertThat(exhausted.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
		assertThat(detail(exhausted, QuotaFailure.class).getViolations(0).getSubject())
			.isEqualTo("grpckit.demo.files.max-size");
		Session badName = new Session();
		badName.requests.onNext(metadata("../f", 1L, ""));
		assertThat(badName.awaitFailure().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
	}

	@Test
	void secondSessionOfARunningNameIsAborted() throws Exception {
		Session first = new Session();
		first.start("f", 10L, "");
		Session second = new Session();
		second.requests.onNext(metadata("f", 10L, ""));
		StatusRuntimeException aborted = second.awaitException();
		assertThat(aborted.getStatus().getCode()).isEqualTo(Status.Code.ABORTED);
		assertThat(aborted.getStatus().getDescription())
			.isEqualTo("name: 'f' (another resumable upload of this name is in progress)");
		// for programs: an ErrorInfo saying what got in the way
		ErrorInfo info = detail(aborted, ErrorInfo.class);
		assertThat(info.getReason()).isEqualTo("UPLOAD_IN_PROGRESS");
		assertThat(info.getDomain()).isEqualTo("files.demo.grpckit.io");
		assertThat(info.getMetadataMap()).containsExactly(Map.entry("name", "f"));
		first.send(new byte[10], 0, 10, 10);
		first.awaitOk();
	}

	@Test
	void zeroSizeFileCompletesRightAfterTheFirstAck() throws Exception {
		Session session = new Session();
		session.requests.onNext(metadata("empty", 0L, ""));
		session.awaitOk();
		// the first ack always answers "where to resume"; the last one carries the file
		assertThat(session.all).hasSize(2);
		assertThat(session.all.get(0).hasFile()).isFalse();
		assertThat(session.lastAck().getFile().getSize()).isZero();
	}

}
