package io.grpckit.demo.greeter;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Counters that show what the greeter is doing, so tests (and a curious reader) can see
 * that cancelled calls stop working and that streams wait for flow control. Cheap enough
 * to stay on in production.
 */
final class GreeterProbe {

	private final AtomicLong openCalls = new AtomicLong();

	private final AtomicLong repliesSent = new AtomicLong();

	private final AtomicLong repliesAfterEnd = new AtomicLong();

	private final AtomicLong tasksAfterEnd = new AtomicLong();

	private final AtomicLong deadlinesWatched = new AtomicLong();

	private final AtomicLong deadlineClosures = new AtomicLong();

	private final AtomicLong cancellations = new AtomicLong();

	private final AtomicLong lateDeadlineTimers = new AtomicLong();

	private final AtomicLong readinessWaits = new AtomicLong();

	private volatile LongSupplier pendingTimers = () -> 0;

	void callOpened() {
		this.openCalls.incrementAndGet();
	}

	void callEnded() {
		this.openCalls.decrementAndGet();
	}

	void replySent() {
		this.repliesSent.incrementAndGet();
	}

	void replyAfterEnd() {
		this.repliesAfterEnd.incrementAndGet();
	}

	void taskAfterEnd() {
		this.tasksAfterEnd.incrementAndGet();
	}

	void deadlineWatched() {
		this.deadlinesWatched.incrementAndGet();
	}

	void deadlineClosure() {
		this.deadlineClosures.incrementAndGet();
	}

	void cancellation() {
		this.cancellations.incrementAndGet();
	}

	void lateDeadlineTimer() {
		this.lateDeadlineTimers.incrementAndGet();
	}

	void readinessWait() {
		this.readinessWaits.incrementAndGet();
	}

	void pendingTimers(LongSupplier pendingTimers) {
		this.pendingTimers = pendingTimers;
	}

	/** Calls started and not yet ended (by reply, error, deadline or cancellation). */
	long openCalls() {
		return this.openCalls.get();
	}

	/** Reply messages handed to gRPC. */
	long repliesSent() {
		return this.repliesSent.get();
	}

	/** Replies some code path tried to send after its call had ended (dropped; expected 0). */
	long repliesAfterEnd() {
		return this.repliesAfterEnd.get();
	}

	/** Delay timers that ran after their call had ended (did nothing; expected 0). */
	long tasksAfterEnd() {
		return this.tasksAfterEnd.get();
	}

	/** Calls that had to wait and so got a deadline timer. */
	long deadlinesWatched() {
		return this.deadlinesWatched.get();
	}

	/** Calls the server ended itself with DEADLINE_EXCEEDED. */
	long deadlineClosures() {
		return this.deadlineClosures.get();
	}

	/** Calls ended by gRPC: client cancellation, a broken connection or shutdown. */
	long cancellations() {
		return this.cancellations.get();
	}

	/**
	 * Calls cancelled by gRPC after their deadline timer was due but before it ran: the
	 * server was too busy to close them with DEADLINE_EXCEEDED first (expected 0).
	 */
	long lateDeadlineTimers() {
		return this.lateDeadlineTimers.get();
	}

	/** Times a stream stopped sending because the call was not ready (flow control). */
	long readinessWaits() {
		return this.readinessWaits.get();
	}

	/** Delay and deadline timers waiting in the shared scheduler. */
	long pendingTimers() {
		return this.pendingTimers.getAsLong();
	}

}
