package io.grpckit.server.limits;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A method's rate per key: permits, the time to the next, and the bound on keys.
 */
class RateLimitTests {

	@Test
	void aKeyGetsItsBurstThenTheTimeToItsNextPermit() {
		// two permits every 20 s
		RateLimit rate = new RateLimit("svc/M", "p", 0.1, 2, 100);
		assertThat(rate.tryAcquire("a")).isNegative();
		assertThat(rate.tryAcquire("a")).isNegative();
		long wait = rate.tryAcquire("a");
		assertThat(wait).isPositive().isLessThanOrEqualTo(20_000_000_000L);
		// another key has its own permits
		assertThat(rate.tryAcquire("b")).isNegative();
	}

	@Test
	void keysBeyondTheMostShareOneRateUntilKeptOnesAreFullAgain() {
		RateLimit rate = new RateLimit("svc/M", "p", 0.1, 1, 2);
		assertThat(rate.tryAcquire("a")).isNegative();
		assertThat(rate.tryAcquire("b")).isNegative();
		assertThat(rate.keys()).isEqualTo(2);
		// a and b have spent their permit, so they are kept; c and d share the overflow rate
		assertThat(rate.tryAcquire("c")).isNegative();
		assertThat(rate.tryAcquire("d")).isPositive();
		assertThat(rate.keys()).isEqualTo(2);
	}

	@Test
	void keysWhosePermitsAreAllBackAreDroppedToMakeRoom() {
		// one permit per millisecond: a spent key is full again almost at once
		RateLimit rate = new RateLimit("svc/M", "p", 1000, 1, 2);
		assertThat(rate.tryAcquire("a")).isNegative();
		assertThat(rate.tryAcquire("b")).isNegative();
		org.awaitility.Awaitility.await()
			.atMost(java.time.Duration.ofSeconds(5))
			.until(() -> rate.tryAcquire("c") < 0 && rate.keys() <= 2);
	}

}
