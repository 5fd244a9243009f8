package io.grpckit.client.resilience;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

import io.grpc.Status;

/**
 * The settings of a channel's circuit breakers, from
 * {@code grpckit.client.channel.<name>.circuit-breaker.*}. Values are checked when the
 * properties are bound.
 *
 * @param scope one breaker for the whole channel, or one per method
 * @param failureRateThreshold failure rate in percent, in (0, 100], at or above which the
 * breaker opens
 * @param slowCallRateThreshold rate of slow calls in percent, in (0, 100], at or above
 * which the breaker opens
 * @param slowCallDurationThreshold duration above which a unary call is slow
 * @param minimumNumberOfCalls calls recorded before a rate is computed
 * @param slidingWindowSize number of the most recent calls the rates are computed over
 * @param waitDurationInOpenState time an open breaker refuses calls before it lets trial
 * calls through
 * @param permittedCallsInHalfOpenState number of trial calls of a half-open breaker
 * @param failureStatusCodes status codes that count as failures
 */
public record CircuitBreakerSettings(Scope scope, float failureRateThreshold, float slowCallRateThreshold,
		Duration slowCallDurationThreshold, int minimumNumberOfCalls, int slidingWindowSize,
		Duration waitDurationInOpenState, int permittedCallsInHalfOpenState, Set<Status.Code> failureStatusCodes) {

	/** Status codes that count as failures unless configured otherwise. */
	public static final Set<Status.Code> DEFAULT_FAILURE_STATUS_CODES = Set.copyOf(EnumSet.of(Status.Code.UNAVAILABLE,
			Status.Code.DEADLINE_EXCEEDED, Status.Code.INTERNAL, Status.Code.UNKNOWN));

	/**
	 * Settings with the given values; the status codes are copied.
	 */
	public CircuitBreakerSettings {
		failureStatusCodes = Set.copyOf(failureStatusCodes);
	}

	/**
	 * Return the settings used for every value that is not configured: Resilience4j's
	 * defaults (50 % failures or 100 % calls slower than 60s over the last 100 calls, once
	 * 100 were recorded; open for 60s, then 10 trial calls), one breaker per channel, and
	 * {@link #DEFAULT_FAILURE_STATUS_CODES}.
	 * @return the default settings
	 */
	public static CircuitBreakerSettings defaults() {
		return new CircuitBreakerSettings(Scope.CHANNEL, 50, 100, Duration.ofSeconds(60), 100, 100,
				Duration.ofSeconds(60), 10, DEFAULT_FAILURE_STATUS_CODES);
	}

	/**
	 * What one breaker guards.
	 */
	public enum Scope {

		/** One breaker for all calls of the channel. */
		CHANNEL,

		/** One breaker per method ('package.Service/Method') of the channel. */
		METHOD

	}

}
