package io.grpckit.demo.greeter;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.grpckit.demo.greeter.proto.HelloReply;
import io.grpckit.demo.greeter.proto.HelloRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code delay_ms}: the server waits that long before each reply; SayHelloToAll waits the
 * largest delay, counted from the client's half-close. Timers never fire early, so lower
 * bounds are exact; upper bounds are loose because the machine may be busy.
 */
class GreeterDelayTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private GreeterTestServer server;

	@BeforeEach
	void startServer() throws Exception {
		this.server = GreeterTestServer.start();
	}

	@AfterEach
	void stopServer() throws Exception {
		this.server.close();
	}

	@Test
	void sayHelloWaitsBeforeItsReply() {
		long start = System.nanoTime();
		HelloReply reply = this.server.blockingStub().sayHello(request("later", 300));
		assertThat(elapsedMillis(start)).isGreaterThanOrEqualTo(300);
		assertThat(reply.getMessage()).isEqualTo("Hello, later!");
	}

	@Test
	void sayHelloStreamWaitsBeforeEachReply() {
		TimedObserver replies = new TimedObserver();
		this.server.asyncStub().sayHelloStream(request("tick", 200).toBuilder().setCount(3).build(), replies);
		await().atMost(TIMEOUT).until(replies::isDone);
		assertThat(replies.values()).extracting(HelloReply::getIndex).containsExactly(1, 2, 3);
		assertThat(replies.arrivalMillis(1)).isGreaterThanOrEqualTo(200);
		assertThat(replies.arrivalMillis(2)).isGreaterThanOrEqualTo(400);
		assertThat(replies.arrivalMillis(3)).isGreaterThanOrEqualTo(600);
	}

	@Test
	void sayHelloToAllWaitsTheLargestDelayCountedFromTheHalfClose() throws Exception {
		RecordingObserver<HelloReply> replies = new RecordingObserver<>();
		StreamObserver<HelloRequest> requests = this.server.asyncStub().sayHelloToAll(replies);
		requests.onNext(request("a", 100));
		requests.onNext(request("b", 400));
		requests.onNext(request("c", 0));
		// Longer than the largest delay, with the client still sending: no reply yet,
		// because the delay only starts at the half-close.
		await().during(Duration.ofMillis(600)).atMost(TIMEOUT).until(() -> !replies.isDone());
		long halfClose = System.nanoTime();
		requests.onCompleted();
		assertThat(replies.awaitStatus(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
		assertThat(elapsedMillis(halfClose)).isGreaterThanOrEqualTo(400);
		assertThat(replies.values()).extracting(HelloReply::getMessage).containsExactly("Hello, a, b, c!");
	}

	@Test
	void chatWaitsBeforeEachReplyAndKeepsTheOrder() throws Exception {
		TimedObserver replies = new TimedObserver();
		StreamObserver<HelloRequest> requests = this.server.asyncStub().chat(replies);
		requests.onNext(request("slow", 300));
		requests.onNext(request("fast", 0));
		requests.onCompleted();
		await().atMost(TIMEOUT).until(replies::isDone);
		assertThat(replies.awaitStatus(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
		assertThat(replies.values()).extracting(HelloReply::getMessage).containsExactly("Hello, slow!", "Hello, fast!");
		assertThat(replies.values()).extracting(HelloReply::getIndex).containsExactly(1, 2);
		assertThat(replies.arrivalMillis(1)).isGreaterThanOrEqualTo(300);
	}

	@Test
	void delayOfZeroRepliesAtOnceAndNoTimerIsUsed() {
		this.server.blockingStub().sayHello(request("now", 0));
		assertThat(this.server.probe().pendingTimers()).isZero();
	}

	private static long elapsedMillis(long startNanos) {
		return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
	}

	static HelloRequest request(String name, long delayMs) {
		return HelloRequest.newBuilder().setName(name).setDelayMs(delayMs).build();
	}

	/** Records when each reply arrived, counted from the observer's creation. */
	private static final class TimedObserver extends RecordingObserver<HelloReply> {

		private final long start = System.nanoTime();

		private final Map<Integer, Long> arrivals = new ConcurrentHashMap<>();

		@Override
		public void onNext(HelloReply reply) {
			this.arrivals.put(reply.getIndex(), elapsedMillis(this.start));
			super.onNext(reply);
		}

		long arrivalMillis(int index) {
			return this.arrivals.get(index);
		}

	}

}
