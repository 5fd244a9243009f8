package io.grpckit.demo.greeter;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.grpckit.RequestId;
import io.grpckit.demo.greeter.proto.HelloReply;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The response side of one call, safe to use from gRPC callbacks and timer tasks alike.
 * <p>
 * {@link StreamObserver} is not thread-safe, and this call has two kinds of writers: gRPC
 * callbacks (on-ready, request messages) and delay timers. Every write, every timer and
 * the end of the call go through this object's monitor, so there is one writer at a time
 * and exactly one terminal call: whichever of reply, error, deadline or cancellation comes
 * first ends the call and cancels its timers; everything after it is dropped.
 */
final class ReplySink {

	/**
	 * How long before the server's deadline the call is closed. gRPC cancels the call at
	 * the deadline itself, and that cancellation only resets the HTTP/2 stream (no
	 * status), so the service must get there first to send grpc-status DEADLINE_EXCEEDED.
	 * The server's deadline is counted from when the request headers arrived, so it is
	 * never earlier than the client's.
	 */
	static final long DEADLINE_LEAD_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

	/** Description of INTERNAL when a timer task fails; says nothing about the fault. */
	static final String INTERNAL_DESCRIPTION = "Internal server error";

	private static final Log logger = LogFactory.getLog(ReplySink.class);

	private final ServerCallStreamObserver<HelloReply> observer;

	private final DelayScheduler scheduler;

	private final GreeterProbe probe;

	/** Pending timers; guarded by this. */
	private final Set<ScheduledFuture<?>> timers = new HashSet<>();

	/** Whether the call has ended; guarded by this. */
	private boolean ended;

	/** {@link System#nanoTime()} when the deadline timer is due, if armed; guarded by this. */
	private @Nullable Long deadlineDueNanos;

	private ReplySink(ServerCallStreamObserver<HelloReply> observer, DelayScheduler scheduler, GreeterProbe probe) {
		this.observer = observer;
		this.scheduler = scheduler;
		this.probe = probe;
	}

	/**
	 * Take over the response observer of the call being started. Must be called in the
	 * service method, before it returns.
	 */
	static ReplySink open(StreamObserver<HelloReply> responseObserver, DelayScheduler scheduler,
			GreeterProbe probe) {
		ReplySink sink = new ReplySink((ServerCallStreamObserver<HelloReply>) responseObserver, scheduler, probe);
		probe.callOpened();
		// Runs on the call's serialized executor after gRPC has ended the call (client
		// cancel, RST_STREAM, lost connection, shutdownNow). Also stops gRPC from throwing
		// on writes that race with the cancellation.
		sink.observer.setOnCancelHandler(sink::cancelled);
		// Runs after the call closed cleanly, whoever closed it (this sink, or the kit's
		// exception mapping after a fault): releases the timers if we have not yet.
		sink.observer.setOnCloseHandler(sink::closed);
		return sink;
	}

	/**
	 * End the call with DEADLINE_EXCEEDED shortly before its deadline, unless it ends
	 * first. Called last in the service method: a call answered at once arms no timer, and
	 * the timer cannot fire while the method is still setting the call up.
	 */
	synchronized void watchDeadline() {
		Deadline deadline = Context.current().getDeadline();
		if (deadline != null && !this.ended) {
			this.probe.deadlineWatched();
			long delay = Math.max(0, deadline.timeRemaining(TimeUnit.NANOSECONDS) - DEADLINE_LEAD_NANOS);
			this.deadlineDueNanos = System.nanoTime() + delay;
			schedule(this::deadlineReached, delay);
		}
	}

	/** Call the handler, under this monitor, whenever the call becomes ready for more replies. */
	synchronized void onReady(Runnable handler) {
		this.observer.setOnReadyHandler(() -> runIfOpen(handler));
	}

	/** Stop gRPC from requesting request messages by itself; use {@link #request(int)}. */
	synchronized void disableAutoRequest() {
		this.observer.disableAutoRequest();
	}

	synchronized void request(int count) {
		if (!this.ended) {
			this.observer.request(count);
		}
	}

	/** Whether the call is open and its outbound buffer has room (flow control). */
	synchronized boolean isReady() {
		return !this.ended && this.observer.isReady();
	}

	synchronized void runIfOpen(Runnable action) {
		if (!this.ended) {
			action.run();
		}
	}

	/**
	 * Run the action under this monitor after the delay: at once when the delay is 0,
	 * otherwise from a timer that the end of the call cancels.
	 */
	synchronized void after(long delayMs, Runnable action) {
		if (delayMs == 0) {
			runIfOpen(action);
		}
		else {
			schedule(action, TimeUnit.MILLISECONDS.toNanos(delayMs));
		}
	}

	synchronized void send(HelloReply reply) {
		if (this.ended) {
			this.probe.replyAfterEnd();
			return;
		}
		this.observer.onNext(reply);
		this.probe.replySent();
	}

	synchronized void complete() {
		if (end()) {
			this.observer.onCompleted();
		}
	}

	synchronized void fail(Status status) {
		fail(status.asRuntimeException());
	}

	/** End the call with the status and trailers (such as error details) of the exception. */
	synchronized void fail(StatusRuntimeException failure) {
		if (end()) {
			this.observer.onError(failure);
		}
	}

	private synchronized void cancelled() {
		if (end()) {
			this.probe.cancellation();
			if (this.deadlineDueNanos != null && System.nanoTime() - this.deadlineDueNanos >= 0) {
				// Our deadline timer was due but had not run: the machine is too busy for the
				// lead to work, and the client saw a reset instead of DEADLINE_EXCEEDED.
				this.probe.lateDeadlineTimer();
			}
		}
	}

	private synchronized void closed() {
		end();
	}

	private synchronized void deadlineReached() {
		if (end()) {
			this.probe.deadlineClosure();
			this.observer.onError(Status.DEADLINE_EXCEEDED
				.withDescription("deadline exceeded: the server ended the call at the client's deadline")
				.asRuntimeException());
		}
	}

	/** Called with this monitor held. */
	private void schedule(Runnable action, long delayNanos) {
		if (this.ended) {
			return;
		}
		Timer timer = new Timer(action);
		// The task takes this monitor first, so it cannot see timer.future unset.
		timer.future = this.scheduler.schedule(() -> fire(timer), delayNanos, TimeUnit.NANOSECONDS);
		this.timers.add(timer.future);
	}

	private synchronized void fire(Timer timer) {
		this.timers.remove(timer.future);
		if (this.ended) {
			// Only when the timer was already running as the call ended.
			this.probe.taskAfterEnd();
			return;
		}
		try {
			timer.action.run();
		}
		catch (RuntimeException ex) {
			// gRPC's exception handling does not reach timer threads: end the call as the
			// kit's safety net would, logging the fault once and telling the client nothing.
			logger.error("Unexpected fault in a delayed task, request id " + RequestId.current(), ex);
			fail(Status.INTERNAL.withDescription(INTERNAL_DESCRIPTION));
		}
	}

	/** Mark the call ended; return whether this was the first end. Called with this monitor held. */
	private boolean end() {
		if (this.ended) {
			return false;
		}
		this.ended = true;
		this.timers.forEach((future) -> future.cancel(false));
		this.timers.clear();
		this.probe.callEnded();
		return true;
	}

	private static final class Timer {

		private final Runnable action;

		private ScheduledFuture<?> future;

		Timer(Runnable action) {
			this.action = action;
		}

	}

}
