package io.grpckit.demo.files;

import java.util.List;
import java.util.concurrent.TimeUnit;

import com.google.rpc.QuotaFailure;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.grpckit.demo.files.proto.UploadAck;
import io.grpckit.demo.files.proto.UploadReply;
import io.grpckit.demo.files.proto.UploadRequest;
import io.grpckit.test.StreamEvents;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What bounds uploads a client starts and leaves: the idle timeout of Upload and
 * UploadResumable, the quota of partial uploads, and the status of an oversized chunk after
 * the first ack. Settings small enough to reach in a test: a second of idleness, two parts.
 */
class UploadLimitsIntegrationTests extends FileTransferTestSupport {

	@Override
	List<String> settings() {
		return List.of("--grpckit.demo.files.upload-idle-timeout=1s", "--grpckit.demo.files.partial-max-count=2");
	}

	private StreamObserver<UploadRequest> resumable(StreamEvents<UploadAck> events) {
		return this.async.withDeadlineAfter(60, TimeUnit.SECONDS).uploadResumable(events);
	}

	private static Status failure(Object event) {
		assertThat(event).isInstanceOf(StatusRuntimeException.class);
		return ((StatusRuntimeException) event).getStatus();
	}

	@Test
	void idleResumableUploadEndsAndFreesItsName() throws InterruptedException {
		StreamEvents<UploadAck> events = new StreamEvents<>();
		StreamObserver<UploadRequest> requests = resumable(events);
		requests.onNext(metadata("idle/r", 10L, ""));
		assertThat(events.poll(30, TimeUnit.SECONDS)).isInstanceOf(UploadAck.class);
		requests.onNext(chunk(new byte[4], 0, 4));
		// then nothing: the server ends the call, keeping what it received
		Status status = failure(events.poll(30, TimeUnit.SECONDS));
		assertThat(status.getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
		assertThat(status.getDescription()).isEqualTo("upload: no message for 1000 ms (expected: a message at least"
				+ " every 1000 ms); the name is free again, and the upload resumes from offset 4");
		StreamEvents<UploadAck> again = new StreamEvents<>();
		StreamObserver<UploadRequest> next = resumable(again);
		next.onNext(metadata("idle/r", 10L, ""));
		assertThat(again.poll(30, TimeUnit.SECONDS)).isInstanceOfSatisfying(UploadAck.class,
				(ack) -> assertThat(ack.getCommittedOffset()).isEqualTo(4));
		next.onNext(chunk(new byte[6], 0, 6));
		assertThat(again.poll(30, TimeUnit.SECONDS)).isInstanceOfSatisfying(UploadAck.class,
				(ack) -> assertThat(ack.getFile().getSize()).isEqualTo(10));
	}

	@Test
	void idleUploadEndsAndDropsItsTemporaryFile() throws InterruptedException {
		StreamEvents<UploadReply> events = new StreamEvents<>();
		StreamObserver<UploadRequest> requests = this.async.withDeadlineAfter(60, TimeUnit.SECONDS).upload(events);
		requests.onNext(metadata("idle/u", null, ""));
		requests.onNext(chunk(new byte[4], 0, 4));
		Status status = failure(events.poll(30, TimeUnit.SECONDS));
		assertThat(status.getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
		assertThat(status.getDescription()).endsWith("; nothing was stored");
		assertThat(staged()).isEmpty();
		assertThat(visible()).isEmpty();
	}

	@Test
	void partialUploadsPastTheQuotaAreResourceExhausted() throws InterruptedException {
		for (String name : List.of("q/1", "q/2")) {
			StreamEvents<UploadAck> events = new StreamEvents<>();
			StreamObserver<UploadRequest> requests = resumable(events);
			requests.onNext(metadata(name, 10L, ""));
			assertThat(events.poll(30, TimeUnit.SECONDS)).isInstanceOf(UploadAck.class);
			requests.onCompleted();
			// the call ends (OK, or DEADLINE_EXCEEDED on a slow machine); the part stays either way
			assertThat(events.poll(30, TimeUnit.SECONDS)).isNotNull();
		}
		StreamEvents<UploadAck> events = new StreamEvents<>();
		resumable(events).onNext(metadata("q/3", 10L, ""));
		Object event = events.poll(30, TimeUnit.SECONDS);
		Status status = failure(event);
		assertThat(status.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
		assertThat(status.getDescription()).startsWith("partial uploads: 2 kept, declaring 20 bytes");
		assertThat(detail((StatusRuntimeException) event, QuotaFailure.class).getViolations(0).getSubject())
			.isEqualTo("grpckit.demo.files.partial-max-count,grpckit.demo.files.partial-max-total-size");
	}

	@Test
	void oversizedChunkAfterTheFirstAckIsResourceExhausted() throws InterruptedException {
		StreamEvents<UploadAck> events = new StreamEvents<>();
		StreamObserver<UploadRequest> requests = resumable(events);
		requests.onNext(metadata("big/r", 8L * MIB, ""));
		// the response headers are out with this ack
		assertThat(events.poll(30, TimeUnit.SECONDS)).isInstanceOf(UploadAck.class);
		requests.onNext(chunk(new byte[3 * MIB + 1], 0, 3 * MIB + 1));
		Object event = events.poll(30, TimeUnit.SECONDS);
		Status status = failure(event);
		assertThat(status.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
		assertThat(status.getDescription()).isEqualTo("chunk: 3145729 bytes (expected: at most 3145728)");
		assertThat(detail((StatusRuntimeException) event, QuotaFailure.class).getViolations(0).getSubject())
			.isEqualTo("chunk size");
		// the session ended: the name is free
		StreamEvents<UploadAck> again = new StreamEvents<>();
		resumable(again).onNext(metadata("big/r", 8L * MIB, ""));
		assertThat(again.poll(30, TimeUnit.SECONDS)).isInstanceOf(UploadAck.class);
	}

}
