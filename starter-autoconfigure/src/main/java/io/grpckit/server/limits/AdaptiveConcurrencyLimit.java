package io.grpckit.server.limits;

import com.netflix.concurrency.limits.Limit;
import com.netflix.concurrency.limits.limit.Gradient2Limit;

/**
 * A server-wide limit that follows measured latency: Netflix concurrency-limits'
 * {@link Gradient2Limit}, fed with the duration of every unary call that completes. While
 * latency stays near its long-term average the limit grows; when queueing makes calls
 * slower than that, it shrinks, between a minimum and a maximum.
 */
final class AdaptiveConcurrencyLimit extends ConcurrencyLimit {

	private final Limit limit;

	private volatile int current;

	AdaptiveConcurrencyLimit(String property, int initialLimit, int minLimit, int maxLimit) {
		super("server", property);
		this.limit = Gradient2Limit.newBuilder()
			.initialLimit(initialLimit)
			.minLimit(minLimit)
			.maxConcurrency(maxLimit)
			.build();
		this.current = this.limit.getLimit();
		this.limit.notifyOnChange((limit) -> this.current = limit);
	}

	@Override
	int limit() {
		return this.current;
	}

	@Override
	void onSample(long startNanos, long rttNanos, int inFlight) {
		this.limit.onSample(startNanos, rttNanos, inFlight, false);
	}

}
