package io.grpckit.server.limits;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many calls of one scope (the server, or a method) may be in flight. Permits are taken
 * on the thread that admits calls and given back from service threads, so the count is
 * atomic and nothing blocks.
 */
abstract class ConcurrencyLimit {

	private final String scope;

	private final String property;

	private final AtomicInteger inFlight = new AtomicInteger();

	ConcurrencyLimit(String scope, String property) {
		this.scope = scope;
		this.property = property;
	}

	/** What the limit applies to: {@code server} or a method name. */
	final String scope() {
		return this.scope;
	}

	/** The property that sets it, for refusal messages. */
	final String property() {
		return this.property;
	}

	/** The current limit. */
	abstract int limit();

	final int inFlight() {
		return this.inFlight.get();
	}

	/** Take a permit if fewer than the limit are taken; never waits. */
	final boolean tryAcquire() {
		while (true) {
			int current = this.inFlight.get();
			if (current >= limit()) {
				return false;
			}
			if (this.inFlight.compareAndSet(current, current + 1)) {
				return true;
			}
		}
	}

	/**
	 * Give a permit back.
	 * @param startNanos when the call was admitted
	 * @param sample whether the call's duration is a latency sample (a unary call that
	 * completed), for a limit that adapts to latency
	 */
	final void release(long startNanos, boolean sample) {
		int before = this.inFlight.getAndDecrement();
		if (sample) {
			onSample(startNanos, System.nanoTime() - startNanos, before);
		}
	}

	void onSample(long startNanos, long rttNanos, int inFlight) {
	}

	/** A limit that does not change. */
	static final class Fixed extends ConcurrencyLimit {

		private final int limit;

		Fixed(String scope, String property, int limit) {
			super(scope, property);
			this.limit = limit;
		}

		@Override
		int limit() {
			return this.limit;
		}

	}

}
