package io.grpckit.demo.greeter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.grpckit.demo.greeter.proto.GreeterGrpc;
import io.grpckit.demo.greeter.proto.HelloReply;
import io.grpckit.demo.greeter.proto.HelloRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * Deadlines and cancellation: the server ends the call itself with DEADLINE_EXCEEDED,
 * sends nothing afterwards, and a cancelled wait releases its timer at once.
 */
class GreeterDeadlineTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private GreeterTestServer server;

	private ExecutorService executor;

	@AfterEach
	void stop() throws Exception {
		if (this.server != null) {
			this.server.close();
		}
		if (this.executor != null) {
			this.executor.shutdownNow();
		}
	}

	@Test
	void deadlineShorterThanDelayEndsTheCallAndNoReplyIsProducedAfterwards() throws Exception {
		this.server = GreeterTestServer.start();
		RecordingObserver<HelloReply> replies = new RecordingObserver<>();
		this.server.asyncStub()
			.withDeadlineAfter(300, TimeUnit.MILLISECONDS)
			.sayHello(request("late", 1_500), replies);

		assertThat(replies.awaitStatus(TIMEOUT).getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
		GreeterProbe probe = this.server.probe();
		await().atMost(TIMEOUT).until(() -> probe.openCalls() == 0 && probe.pendingTimers() == 0);
		// Past the moment the 1.5 s delay would have ended: still nothing was produced.
		await().during(Duration.ofMillis(1_700)).atMost(TIMEOUT).until(() -> probe.repliesSent() == 0
				&& probe.repliesAfterEnd() == 0 && probe.tasksAfterEnd() == 0 && probe.pendingTimers() == 0);
		assertThat(replies.values()).isEmpty();
	}

	@Test
	void serverItselfSendsDeadlineExceededForEveryMode() throws Exception {
		this.server = GreeterTestServer.start();
		GreeterProbe probe = this.server.probe();
		// No client deadline: only the server knows it, so the status seen is the server's.
		CallOptions serverDeadline = ServerOnlyDeadline.of(300);

		RecordingObserver<HelloReply> unary = new RecordingObserver<>();
		ClientCalls.asyncUnaryCall(call(GreeterGrpc.getSayHelloMethod(), serverDeadline),
				request("unary", 5_000), unary);

		RecordingObserver<HelloReply> stream = new RecordingObserver<>();
		ClientCalls.asyncServerStreamingCall(call(GreeterGrpc.getSayHelloStreamMethod(), serverDeadline),
				request("stream", 5_000).toBuilder().setCount(3).build(), stream);

		RecordingObserver<HelloReply> toAll = new RecordingObserver<>();
		StreamObserver<HelloRequest> toAllRequests = ClientCalls
			.asyncClientStreamingCall(call(GreeterGrpc.getSayHelloToAllMethod(), serverDeadline), toAll);
		toAllRequests.onNext(request("never half-closed", 0));

		RecordingObserver<HelloReply> chat = new RecordingObserver<>();
		StreamObserver<HelloRequest> chatRequests = ClientCalls
			.asyncBidiStreamingCall(call(GreeterGrpc.getChatMethod(), serverDeadline), chat);
		chatRequests.onNext(request("quick", 0));
		chatRequests.onNext(request("slow", 5_000));

		for (RecordingObserver<HelloReply> replies : List.of(unary, stream, toAll, chat)) {
			Status status = replies.awaitStatus(TIMEOUT);
			assumeTimersRanOnTime(probe);
			assertThat(status.getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
			assertThat(status.getDescription()).contains("the server ended the call");
		}
		assertThat(chat.values()).extracting(HelloReply::getMessage).containsExactly("Hello, quick!");
		assertThat(probe.deadlineClosures()).isEqualTo(4);
		await().atMost(TIMEOUT).until(() -> probe.openCalls() == 0 && probe.pendingTimers() == 0);
		assertThat(probe.repliesSent()).isEqualTo(1);
		assertThat(probe.repliesAfterEnd()).isZero();
		assertThat(probe.tasksAfterEnd()).isZero();
	}

	@Test
	void streamWithDelaysSendsWhatIsDueBeforeTheDeadlineAndNothingAfter() throws Exception {
		this.server = GreeterTestServer.start();
		GreeterProbe probe = this.server.probe();
		RecordingObserver<HelloReply> replies = new RecordingObserver<>();
		ClientCalls.asyncServerStreamingCall(call(GreeterGrpc.getSayHelloStreamMethod(), ServerOnlyDeadline.of(1_000)),
				request("tick", 300).toBuilder().setCount(100).build(), replies);

		Status status = replies.awaitStatus(TIMEOUT);
		assumeTimersRanOnTime(probe);
		assertThat(status.getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
		// Replies are due at 300, 600 and 900 ms at the earliest, and the call closes at about
		// 980 ms: on a busy machine fewer may make it, never a fourth.
		List<Integer> indexes = replies.values().stream().map(HelloReply::getIndex).toList();
		assertThat(indexes).isNotEmpty().hasSizeLessThanOrEqualTo(3);
		assertThat(indexes).containsExactlyElementsOf(List.of(1, 2, 3).subList(0, indexes.size()));
		await().atMost(TIMEOUT).until(() -> probe.openCalls() == 0 && probe.pendingTimers() == 0);
		await().during(Duration.ofMillis(700)).atMost(TIMEOUT).until(() -> probe.repliesSent() == indexes.size()
				&& probe.repliesAfterEnd() == 0 && probe.tasksAfterEnd() == 0);
	}

	@Test
	void callAnsweredAtOnceArmsNoDeadlineTimer() throws Exception {
		this.server = GreeterTestServer.start();
		GreeterProbe probe = this.server.probe();
		this.server.blockingStub().withDeadlineAfter(5, TimeUnit.SECONDS).sayHello(request("now", 0));
		assertThat(probe.deadlinesWatched()).isZero();
		this.server.blockingStub().withDeadlineAfter(5, TimeUnit.SECONDS).sayHello(request("soon", 10));
		assertThat(probe.deadlinesWatched()).isOne();
		assertThat(probe.pendingTimers()).isZero();
	}

	@Test
	void cancellingASixtySecondWaitReleasesItAtOnce() throws Exception {
		this.server = GreeterTestServer.start();
		GreeterProbe probe = this.server.probe();
		RecordingObserver<HelloReply> unary = new RecordingObserver<>();
		Context.CancellableContext context = Context.current().withCancellation();
		context.run(() -> this.server.asyncStub().sayHello(request("patient", 60_000), unary));

		RecordingObserver<HelloReply> chat = new RecordingObserver<>();
		ClientCallStreamObserver<HelloRequest> chatRequests = (ClientCallStreamObserver<HelloRequest>) this.server
			.asyncStub()
			.chat(chat);
		chatRequests.onNext(request("patient", 60_000));

		await().atMost(TIMEOUT).until(() -> probe.pendingTimers() == 2 && probe.openCalls() == 2);
		long start = System.nanoTime();
		context.cancel(null);
		chatRequests.cancel("client gave up", null);
		await().atMost(Duration.ofSeconds(2)).until(() -> probe.pendingTimers() == 0 && probe.openCalls() == 0);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
		assertThat(probe.cancellations()).isEqualTo(2);
		assertThat(unary.awaitStatus(TIMEOUT).getCode()).isEqualTo(Status.Code.CANCELLED);
		assertThat(chat.awaitStatus(TIMEOUT).getCode()).isEqualTo(Status.Code.CANCELLED);
		assertThat(probe.repliesSent()).isZero();
	}

	@Test
	void waitingCallsHoldNoThread() throws Exception {
		// One call-handling thread for the whole server: if a wait held a thread, the
		// quick call below could not run.
		this.executor = Executors.newSingleThreadExecutor();
		this.server = GreeterTestServer.start(this.executor, (channel) -> channel);
		GreeterProbe probe = this.server.probe();
		Context.CancellableContext waiting = Context.current().withCancellation();
		List<RecordingObserver<HelloReply>> calls = new ArrayList<>();
		waiting.run(() -> {
			for (int i = 0; i < 20; i++) {
				RecordingObserver<HelloReply> replies = new RecordingObserver<>();
				this.server.asyncStub().sayHello(request("waiting " + i, 60_000), replies);
				calls.add(replies);
			}
		});
		await().atMost(TIMEOUT).until(() -> probe.pendingTimers() == 20);

		HelloReply quick = this.server.blockingStub()
			.withDeadlineAfter(5, TimeUnit.SECONDS)
			.sayHello(request("quick", 0));
		assertThat(quick.getMessage()).isEqualTo("Hello, quick!");
		assertThat(calls).noneMatch(RecordingObserver::isDone);

		waiting.cancel(null);
		await().atMost(TIMEOUT).until(() -> probe.pendingTimers() == 0 && probe.openCalls() == 0);
	}

	/**
	 * The server's close wins against grpc-java's own reset by a 20 ms lead. When the
	 * machine starves the timer thread for longer (busy shared CI cores), the probe counts
	 * a late deadline timer and the outcome says nothing about the code: skip, don't fail.
	 * Without the server's own close no timer is armed, so this never hides that.
	 */
	private static void assumeTimersRanOnTime(GreeterProbe probe) {
		assumeThat(probe.lateDeadlineTimers()).as("deadline timers that ran late on a busy machine").isZero();
	}

	private <Q, R> ClientCall<Q, R> call(io.grpc.MethodDescriptor<Q, R> method, CallOptions options) {
		return this.server.channel().newCall(method, options);
	}

	static HelloRequest request(String name, long delayMs) {
		return HelloRequest.newBuilder().setName(name).setDelayMs(delayMs).build();
	}

}
