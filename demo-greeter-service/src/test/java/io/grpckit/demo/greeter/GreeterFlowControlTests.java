package io.grpckit.demo.greeter;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.grpckit.demo.greeter.proto.HelloReply;
import io.grpckit.demo.greeter.proto.HelloRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SayHelloStream follows flow control: a client that reads slowly makes the server wait,
 * instead of making it queue the stream.
 */
class GreeterFlowControlTests {

	private static final int COUNT = 100_000;

	/**
	 * Most replies the server may have sent beyond what the client has read: what fits in
	 * the client's 64 KiB flow-control window plus grpc-java's 32 KiB on-ready threshold on
	 * the server, at about 20 bytes per reply (about 5,000), with room to spare. Buffering
	 * the stream would put tens of thousands ahead.
	 */
	private static final long MAX_AHEAD = 8_000;

	private GreeterTestServer server;

	@AfterEach
	void stop() throws Exception {
		this.server.close();
	}

	@Test
	void slowReaderOfAHundredThousandRepliesKeepsTheServerWaiting() throws Exception {
		// A fixed 64 KiB window (no automatic window growth) stands for a slow client.
		this.server = GreeterTestServer.start(null, (channel) -> channel.flowControlWindow(64 * 1024));
		GreeterProbe probe = this.server.probe();
		SlowReader reader = new SlowReader(probe);
		this.server.asyncStub()
			.sayHelloStream(HelloRequest.newBuilder().setName("reader").setCount(COUNT).build(), reader);

		// Read nothing yet: the server fills the window, then stops and waits for on-ready.
		AtomicLong lastSeen = new AtomicLong(-1);
		await().pollInterval(Duration.ofMillis(100))
			.atMost(Duration.ofSeconds(10))
			.until(() -> probe.repliesSent() > 0 && lastSeen.getAndSet(probe.repliesSent()) == lastSeen.get());
		long sentWhileUnread = probe.repliesSent();
		assertThat(sentWhileUnread).isLessThanOrEqualTo(MAX_AHEAD);
		assertThat(probe.readinessWaits()).isPositive();
		await().during(Duration.ofMillis(500))
			.atMost(Duration.ofSeconds(5))
			.until(() -> probe.repliesSent() == sentWhileUnread);

		// Now read one reply at a time to the end, checking how far the server runs ahead.
		reader.readOneByOne();
		assertThat(reader.replies.awaitStatus(Duration.ofSeconds(60)).getCode()).isEqualTo(Status.Code.OK);
		assertThat(reader.received.get()).isEqualTo(COUNT);
		assertThat(reader.outOfOrder.get()).isZero();
		assertThat(reader.maxAhead).isLessThanOrEqualTo(MAX_AHEAD);
		assertThat(probe.repliesSent()).isEqualTo(COUNT);
		assertThat(probe.readinessWaits()).isGreaterThan(1);
	}

	/** Requests replies explicitly (manual flow control), one at a time once started. */
	private static final class SlowReader implements ClientResponseObserver<HelloRequest, HelloReply> {

		private final GreeterProbe probe;

		private final RecordingObserver<HelloReply> replies = new RecordingObserver<>();

		private final AtomicLong received = new AtomicLong();

		private final AtomicLong outOfOrder = new AtomicLong();

		private volatile long maxAhead;

		private ClientCallStreamObserver<HelloRequest> call;

		SlowReader(GreeterProbe probe) {
			this.probe = probe;
		}

		@Override
		public void beforeStart(ClientCallStreamObserver<HelloRequest> call) {
			this.call = call;
			call.disableAutoRequestWithInitial(0);
		}

		void readOneByOne() {
			this.call.request(1);
		}

		@Override
		public void onNext(HelloReply reply) {
			long count = this.received.incrementAndGet();
			if (reply.getIndex() != count || !reply.getMessage().equals("Hello, reader!")) {
				this.outOfOrder.incrementAndGet();
			}
			// Only this thread writes maxAhead.
			this.maxAhead = Math.max(this.maxAhead, this.probe.repliesSent() - count);
			this.call.request(1);
		}

		@Override
		public void onError(Throwable error) {
			this.replies.onError(error);
		}

		@Override
		public void onCompleted() {
			this.replies.onCompleted();
		}

	}

}
