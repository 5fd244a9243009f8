package io.grpckit.server.limits;

import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import io.grpc.Status;

/**
 * The rate limit of one method: a Resilience4j rate limiter ({@link AtomicRateLimiter},
 * whose detailed metrics tell the time to the next permit) per key (one for all
 * callers with key {@code none}) that refills {@code burst} permits every
 * {@code burst / rate}, so calls average {@code rate} per second and at most {@code burst}
 * come at once. It never waits: a call without a permit is told how long until the next.
 * <p>
 * Keys come from callers, so their number is bounded: when {@code maxKeys} are held,
 * limiters whose permits are all back are dropped first (a fresh one behaves the same);
 * keys beyond that share one overflow limiter.
 */
final class RateLimit {

	static final String OVERFLOW_KEY = "(overflow)";

	private final String method;

	private final String property;

	private final double rate;

	private final int burst;

	private final int maxKeys;

	private final RateLimiterConfig config;

	private final Map<String, AtomicRateLimiter> limiters = new ConcurrentHashMap<>();

	private final AtomicRateLimiter overflow;

	RateLimit(String method, String property, double rate, int burst, int maxKeys) {
		this.method = method;
		this.property = property;
		this.rate = rate;
		this.burst = burst;
		this.maxKeys = maxKeys;
		long period = Math.max(1, Math.round(burst * 1_000_000_000d / rate));
		this.config = RateLimiterConfig.custom()
			.limitForPeriod(burst)
			.limitRefreshPeriod(Duration.ofNanos(period))
			.timeoutDuration(Duration.ZERO)
			.build();
		this.overflow = new AtomicRateLimiter(method + " " + OVERFLOW_KEY, this.config);
	}

	String method() {
		return this.method;
	}

	String property() {
		return this.property;
	}

	double rate() {
		return this.rate;
	}

	int burst() {
		return this.burst;
	}

	int keys() {
		return this.limiters.size();
	}

	/**
	 * Take a permit for a key.
	 * @param key the caller's key, empty for all callers
	 * @return {@code -1} when a permit was taken, otherwise the nanoseconds until the next
	 */
	long tryAcquire(String key) {
		AtomicRateLimiter limiter = limiter(key);
		if (limiter.acquirePermission()) {
			return -1;
		}
		return Math.max(1, limiter.getDetailedMetrics().getNanosToWait());
	}

	/** The pushback for a wait: whole milliseconds, rounded up, at least one. */
	static long pushbackMillis(long waitNanos) {
		return Math.max(1, (waitNanos + 999_999) / 1_000_000);
	}

	/** The status of a call over this rate, told when the next is allowed. */
	Status refusal(long pushbackMillis) {
		return Status.RESOURCE_EXHAUSTED.withDescription("over the rate of " + this.rate + " calls per second for "
				+ this.method + " (" + this.property + "); next call allowed in " + pushbackMillis + " ms");
	}

	private AtomicRateLimiter limiter(String key) {
		AtomicRateLimiter limiter = this.limiters.get(key);
		if (limiter != null) {
			return limiter;
		}
		if (this.limiters.size() >= this.maxKeys && !dropFullLimiters()) {
			return this.overflow;
		}
		return this.limiters.computeIfAbsent(key, (k) -> new AtomicRateLimiter(this.method + " " + k, this.config));
	}

	// a limiter with all its permits back is no different from a new one
	private synchronized boolean dropFullLimiters() {
		if (this.limiters.size() < this.maxKeys) {
			return true;
		}
		for (Iterator<AtomicRateLimiter> it = this.limiters.values().iterator(); it.hasNext();) {
			if (it.next().getMetrics().getAvailablePermissions() >= this.burst) {
				it.remove();
			}
		}
		return this.limiters.size() < this.maxKeys;
	}

}
