package io.grpckit.client.resilience;

import java.util.List;

import io.grpc.ClientInterceptor;
import org.jspecify.annotations.Nullable;

/**
 * The circuit breakers of client channels: creates the interceptor that guards a channel's
 * calls and reports the state of the breakers created so far, for health and the
 * {@code grpc} endpoint. The auto-configuration registers {@link Resilience4jChannelCircuitBreakers}
 * when Resilience4j is on the classpath.
 */
public interface ChannelCircuitBreakers {

	/**
	 * Create the interceptor that guards the calls of a channel. It must be the innermost
	 * interceptor of the channel, so that it sees each call once, whatever grpc-java's
	 * retries or hedging do below it, and so that a call it refuses reaches nothing but the
	 * interceptors outside it.
	 * @param channel the channel name
	 * @param settings the breaker settings of the channel
	 * @return the interceptor
	 */
	ClientInterceptor interceptor(String channel, CircuitBreakerSettings settings);

	/**
	 * Return the breakers of a channel created so far: the channel's one, or one per method
	 * called so far.
	 * @param channel the channel name
	 * @return the breakers, by name; empty for a channel without a breaker
	 */
	List<BreakerState> circuitBreakers(String channel);

	/**
	 * What a breaker looks like now.
	 * @param name the breaker name: the channel name, or {@code <channel>/<full method name>}
	 * for one breaker per method
	 * @param method the full method name, e.g. {@code helloworld.Greeter/SayHello}, for one
	 * breaker per method; {@code null} for the channel's breaker
	 * @param state {@code CLOSED}, {@code OPEN}, {@code HALF_OPEN} (or Resilience4j's
	 * {@code DISABLED}, {@code FORCED_OPEN}, {@code METRICS_ONLY} when set by hand)
	 * @param failureRate failure rate in percent over the window, {@code -1} until the
	 * minimum number of calls was recorded
	 * @param slowCallRate rate of slow calls in percent, {@code -1} likewise
	 * @param bufferedCalls calls in the window
	 * @param failedCalls failed calls in the window
	 * @param slowCalls slow calls in the window
	 * @param notPermittedCalls calls refused while open (reset when the breaker closes)
	 */
	record BreakerState(String name, @Nullable String method, String state, float failureRate, float slowCallRate,
			int bufferedCalls, int failedCalls, int slowCalls, long notPermittedCalls) {
	}

}
