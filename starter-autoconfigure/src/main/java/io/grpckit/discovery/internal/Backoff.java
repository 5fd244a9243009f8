package io.grpckit.discovery.internal;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter: attempt {@code n} waits a random time between half
 * of and the whole of {@code min(max, initial * 2^n)}, so that many instances losing etcd
 * or Consul at once do not come back at once.
 *
 * @param initial the first delay
 * @param max the longest delay
 */
public record Backoff(Duration initial, Duration max) {

	/**
	 * Return the delay before the given attempt.
	 * @param attempt the number of failed attempts so far, from 0
	 * @return the delay
	 */
	public Duration delay(int attempt) {
		long initialMillis = Math.max(1, this.initial.toMillis());
		long cap = Math.max(initialMillis, this.max.toMillis());
		long ceiling = (attempt >= 30) ? cap : Math.min(cap, initialMillis << attempt);
		long half = ceiling / 2;
		return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(ceiling - half + 1));
	}

}
