package io.grpckit.demo.greeter;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Counters that show what the greeter is doing, so tests (and a curious reader) can see
 * that cancelled calls stop working and that streams wait for flow control. Cheap enough
 * to stay on in production: {@link LongAdder}s, because every call counts on whichever
 * thread runs it (an event loop, a timer), and one shared atomic would bounce between the
 * cores.
 */
final class GreeterProbe {

	private final LongAdder openCalls = new LongAdder();

	private final LongAdder repliesSent = new LongAdder();

	private final LongAdder repliesAfterEnd = new LongAdder();

	private final LongAdder tasksAfterEnd = new LongAdder();

	private final LongAdder deadlinesWatched = new LongAdder();

	private final LongAdder deadlineClosures = new LongAdder();

	private final LongAdder cancellations = new LongAdder();

	private final LongAdder lateDeadlineTimers = new LongAdder();

	private final LongAdder readinessWaits = new LongAdder();

	private volatile LongSupplier pendingTimers = () -> 0;

	void callOpened() {
		this.openCalls.increment();
	}

	void callEnded() {
		this.openCalls.decrement();
	}

	void replySent() {
		this.repliesSent.increment();
	}

	void replyAfterEnd() {
		this.repliesAfterEnd.increment();
	}

	void taskAfterEnd() {
		this.tasksAfterEnd.increment();
	}

	void deadlineWatched() {
		this.deadlinesWatched.increment();
	}

	void deadlineClosure() {
		this.deadlineClosures.increment();
	}

	void cancellation() {
		this.cancellations.increment();
	}

	void lateDeadlineTimer() {
		this.lateDeadlineTimers.increment();
	}

	void readinessWait() {
		this.readinessWaits.increment();
	}

	void pendingTimers(LongSupplier pendingTimers) {
		this.pendingTimers = pendingTimers;
	}

	/** Calls started and not yet ended (by reply, error, deadline or cancellation). */
	long openCalls() {
		return this.openCalls.sum();
	}

	/** Reply messages handed to gRPC. */
	long repliesSent() {
		return this.repliesSent.sum();
	}

	/** Replies some code path tried to send after its call had ended (dropped; expected 0). */
	long repliesAfterEnd() {
		return this.repliesAfterEnd.sum();
	}

	/** Delay timers that ran after their call had ended (did nothing; expected 0). */
	long tasksAfterEnd() {
		return this.tasksAfterEnd.sum();
	}

	/** Calls that had to wait and so got a deadline timer. */
	long deadlinesWatched() {
		return this.deadlinesWatched.sum();
	}

	/** Calls the server ended itself with DEADLINE_EXCEEDED. */
	long deadlineClosures() {
		return this.deadlineClosures.sum();
	}

	/** Calls ended by gRPC: client cancellation, a broken connection or shutdown. */
	long cancellations() {
		return this.cancellations.sum();
	}

	/**
	 * Calls cancelled by gRPC after their deadline timer was due but before it ran: the
	 * server was too busy to close them with DEADLINE_EXCEEDED first (expected 0).
	 */
	long lateDeadlineTimers() {
		return this.lateDeadlineTimers.sum();
	}

	/** Times a stream stopped sending because the call was not ready (flow control). */
	long readinessWaits() {
		return this.readinessWaits.sum();
	}

	/** Delay and deadline timers waiting in the shared scheduler. */
	long pendingTimers() {
		return this.pendingTimers.getAsLong();
	}

}
