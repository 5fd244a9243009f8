package io.grpckit.client.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.grpc.Status;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.convert.DurationUnit;

/**
 * Call settings for some services or methods of a channel,
 * {@code grpckit.client.channel.<name>.method[i].*}; becomes one {@code methodConfig}
 * entry of grpc-java's service config.
 */
public class MethodProperties {

	/**
	 * Services ('package.Service') and methods ('package.Service/Method') these settings
	 * apply to. Empty: every method of the channel.
	 */
	private List<String> names = new ArrayList<>();

	/**
	 * Deadline of matching calls that have none set by the caller.
	 */
	@DurationUnit(ChronoUnit.MILLIS)
	private @Nullable Duration timeout;

	/**
	 * Whether matching calls wait for the channel to become ready instead of failing fast.
	 */
	private @Nullable Boolean waitForReady;

	private @Nullable Retry retry;

	private @Nullable Hedging hedging;

	public List<String> getNames() {
		return this.names;
	}

	public void setNames(List<String> names) {
		this.names = names;
	}

	public @Nullable Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(@Nullable Duration timeout) {
		this.timeout = timeout;
	}

	public @Nullable Boolean getWaitForReady() {
		return this.waitForReady;
	}

	public void setWaitForReady(@Nullable Boolean waitForReady) {
		this.waitForReady = waitForReady;
	}

	public @Nullable Retry getRetry() {
		return this.retry;
	}

	public void setRetry(@Nullable Retry retry) {
		this.retry = retry;
	}

	public @Nullable Hedging getHedging() {
		return this.hedging;
	}

	public void setHedging(@Nullable Hedging hedging) {
		this.hedging = hedging;
	}

	/**
	 * Retry policy: a failed attempt with a retryable status is sent again after a
	 * back-off. Exclusive with hedging.
	 */
	public static class Retry {

		/**
		 * Maximum number of attempts, the first one included; at least 2 (grpc-java caps it
		 * at 5).
		 */
		private int maxAttempts = 3;

		/**
		 * Back-off before the first retry; the actual delay is random between 0 and the
		 * current back-off.
		 */
		@DurationUnit(ChronoUnit.MILLIS)
		private Duration initialBackoff = Duration.ofMillis(100);

		/**
		 * Upper bound of the back-off.
		 */
		@DurationUnit(ChronoUnit.MILLIS)
		private Duration maxBackoff = Duration.ofSeconds(1);

		/**
		 * Factor applied to the back-off after each retry, greater than 0.
		 */
		private double backoffMultiplier = 2.0;

		/**
		 * Status codes that make an attempt retryable, e.g. UNAVAILABLE.
		 */
		private Set<Status.Code> retryableStatusCodes = new LinkedHashSet<>(List.of(Status.Code.UNAVAILABLE));

		public int getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(int maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public Duration getInitialBackoff() {
			return this.initialBackoff;
		}

		public void setInitialBackoff(Duration initialBackoff) {
			this.initialBackoff = initialBackoff;
		}

		public Duration getMaxBackoff() {
			return this.maxBackoff;
		}

		public void setMaxBackoff(Duration maxBackoff) {
			this.maxBackoff = maxBackoff;
		}

		public double getBackoffMultiplier() {
			return this.backoffMultiplier;
		}

		public void setBackoffMultiplier(double backoffMultiplier) {
			this.backoffMultiplier = backoffMultiplier;
		}

		public Set<Status.Code> getRetryableStatusCodes() {
			return this.retryableStatusCodes;
		}

		public void setRetryableStatusCodes(Set<Status.Code> retryableStatusCodes) {
			this.retryableStatusCodes = retryableStatusCodes;
		}

	}

	/**
	 * Hedging policy: further attempts are sent after a delay without waiting for the
	 * earlier ones; the first answer wins. Exclusive with retry.
	 */
	public static class Hedging {

		/**
		 * Maximum number of attempts sent, the first one included; at least 2 (grpc-java
		 * caps it at 5).
		 */
		private int maxAttempts = 2;

		/**
		 * Delay between attempts; 0 sends all attempts at once.
		 */
		@DurationUnit(ChronoUnit.MILLIS)
		private Duration delay = Duration.ZERO;

		/**
		 * Status codes of an attempt that let the other attempts go on; any other status
		 * ends the call.
		 */
		private Set<Status.Code> nonFatalStatusCodes = new LinkedHashSet<>();

		public int getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(int maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public Duration getDelay() {
			return this.delay;
		}

		public void setDelay(Duration delay) {
			this.delay = delay;
		}

		public Set<Status.Code> getNonFatalStatusCodes() {
			return this.nonFatalStatusCodes;
		}

		public void setNonFatalStatusCodes(Set<Status.Code> nonFatalStatusCodes) {
			this.nonFatalStatusCodes = nonFatalStatusCodes;
		}

	}

}
