package io.grpckit.client.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Set;

import io.grpc.Status;
import io.grpckit.client.resilience.CircuitBreakerSettings;
import io.grpckit.client.resilience.CircuitBreakerSettings.Scope;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.convert.DurationUnit;

/**
 * Circuit breaker of a channel, {@code grpckit.client.channel.<name>.circuit-breaker.*}:
 * while too many calls fail or are slow, calls fail at once with UNAVAILABLE instead of
 * reaching the backend. Needs io.github.resilience4j:resilience4j-circuitbreaker. Unset
 * values are inherited from the 'default' channel, then take Resilience4j's defaults.
 */
public class ChannelCircuitBreakerProperties {

	/**
	 * Whether calls of the channel pass a circuit breaker.
	 */
	private @Nullable Boolean enabled;

	/**
	 * What one breaker guards: the whole channel, or each method on its own.
	 */
	private @Nullable Scope scope;

	/**
	 * Failure rate in percent, in (0, 100], at or above which the breaker opens.
	 */
	private @Nullable Float failureRateThreshold;

	/**
	 * Rate of slow calls in percent, in (0, 100], at or above which the breaker opens.
	 */
	private @Nullable Float slowCallRateThreshold;

	/**
	 * Duration above which a unary call counts as slow. Streaming calls are never slow.
	 */
	@DurationUnit(ChronoUnit.MILLIS)
	private @Nullable Duration slowCallDurationThreshold;

	/**
	 * Calls recorded before a rate is computed and the breaker may open; at most the
	 * sliding window size takes effect.
	 */
	private @Nullable Integer minimumNumberOfCalls;

	/**
	 * Number of the most recent calls the rates are computed over.
	 */
	private @Nullable Integer slidingWindowSize;

	/**
	 * Time an open breaker fails calls before it lets trial calls through (half-open).
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private @Nullable Duration waitDurationInOpenState;

	/**
	 * Trial calls a half-open breaker lets through; their outcome closes or opens it again.
	 */
	private @Nullable Integer permittedCallsInHalfOpenState;

	/**
	 * Status codes that count as failures of the backend; any other status is a success.
	 */
	private @Nullable Set<Status.Code> failureStatusCodes;

	/**
	 * Return the breaker settings: the values set here, Resilience4j's defaults for the
	 * others.
	 * @return the settings
	 */
	CircuitBreakerSettings settings() {
		CircuitBreakerSettings defaults = CircuitBreakerSettings.defaults();
		return new CircuitBreakerSettings(or(this.scope, defaults.scope()),
				or(this.failureRateThreshold, defaults.failureRateThreshold()),
				or(this.slowCallRateThreshold, defaults.slowCallRateThreshold()),
				or(this.slowCallDurationThreshold, defaults.slowCallDurationThreshold()),
				or(this.minimumNumberOfCalls, defaults.minimumNumberOfCalls()),
				or(this.slidingWindowSize, defaults.slidingWindowSize()),
				or(this.waitDurationInOpenState, defaults.waitDurationInOpenState()),
				or(this.permittedCallsInHalfOpenState, defaults.permittedCallsInHalfOpenState()),
				or(this.failureStatusCodes, defaults.failureStatusCodes()));
	}

	private static <T> T or(@Nullable T value, T fallback) {
		return (value != null) ? value : fallback;
	}

	public @Nullable Boolean getEnabled() {
		return this.enabled;
	}

	public void setEnabled(@Nullable Boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable Scope getScope() {
		return this.scope;
	}

	public void setScope(@Nullable Scope scope) {
		this.scope = scope;
	}

	public @Nullable Float getFailureRateThreshold() {
		return this.failureRateThreshold;
	}

	public void setFailureRateThreshold(@Nullable Float failureRateThreshold) {
		this.failureRateThreshold = failureRateThreshold;
	}

	public @Nullable Float getSlowCallRateThreshold() {
		return this.slowCallRateThreshold;
	}

	public void setSlowCallRateThreshold(@Nullable Float slowCallRateThreshold) {
		this.slowCallRateThreshold = slowCallRateThreshold;
	}

	public @Nullable Duration getSlowCallDurationThreshold() {
		return this.slowCallDurationThreshold;
	}

	public void setSlowCallDurationThreshold(@Nullable Duration slowCallDurationThreshold) {
		this.slowCallDurationThreshold = slowCallDurationThreshold;
	}

	public @Nullable Integer getMinimumNumberOfCalls() {
		return this.minimumNumberOfCalls;
	}

	public void setMinimumNumberOfCalls(@Nullable Integer minimumNumberOfCalls) {
		this.minimumNumberOfCalls = minimumNumberOfCalls;
	}

	public @Nullable Integer getSlidingWindowSize() {
		return this.slidingWindowSize;
	}

	public void setSlidingWindowSize(@Nullable Integer slidingWindowSize) {
		this.slidingWindowSize = slidingWindowSize;
	}

	public @Nullable Duration getWaitDurationInOpenState() {
		return this.waitDurationInOpenState;
	}

	public void setWaitDurationInOpenState(@Nullable Duration waitDurationInOpenState) {
		this.waitDurationInOpenState = waitDurationInOpenState;
	}

	public @Nullable Integer getPermittedCallsInHalfOpenState() {
		return this.permittedCallsInHalfOpenState;
	}

	public void setPermittedCallsInHalfOpenState(@Nullable Integer permittedCallsInHalfOpenState) {
		this.permittedCallsInHalfOpenState = permittedCallsInHalfOpenState;
	}

	public @Nullable Set<Status.Code> getFailureStatusCodes() {
		return this.failureStatusCodes;
	}

	public void setFailureStatusCodes(@Nullable Set<Status.Code> failureStatusCodes) {
		this.failureStatusCodes = failureStatusCodes;
	}

}
