package io.grpckit.demo.files;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.grpc.stub.StreamObserver;
import io.grpckit.demo.files.proto.UploadAck;
import io.grpckit.demo.files.proto.UploadRequest;
import io.grpckit.test.StreamEvents;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Abandoned partial uploads are removed by the server's sweep once expired, with no new
 * session and no restart to trigger it.
 */
class PartialExpiryIntegrationTests extends FileTransferTestSupport {

	@Override
	List<String> settings() {
		return List.of("--grpckit.demo.files.partial-expiry=1s");
	}

	@Test
	void abandonedPartIsRemovedOnceExpired() throws InterruptedException {
		StreamEvents<UploadAck> events = new StreamEvents<>();
		StreamObserver<UploadRequest> requests = this.async.withDeadlineAfter(30, TimeUnit.SECONDS)
			.uploadResumable(events);
		requests.onNext(metadata("gone/r", 10L, ""));
		assertThat(events.poll(30, TimeUnit.SECONDS)).isInstanceOf(UploadAck.class);
		requests.onNext(chunk(new byte[4], 0, 4));
		requests.onCompleted();
		assertThat(events.poll(30, TimeUnit.SECONDS)).isInstanceOfSatisfying(UploadAck.class,
				(ack) -> assertThat(ack.getCommittedOffset()).isEqualTo(4));
		await().atMost(Duration.ofSeconds(60)).until(() -> staged().isEmpty());
	}

}
