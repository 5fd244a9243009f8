package io.grpckit.client.resilience;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.grpc.ClientInterceptor;
import io.grpc.MethodDescriptor;
import io.grpckit.client.resilience.CircuitBreakerClientInterceptor.Guard;
import io.grpckit.client.resilience.CircuitBreakerSettings.Scope;
import org.jspecify.annotations.Nullable;

/**
 * {@link ChannelCircuitBreakers} on Resilience4j: each breaker is a Resilience4j
 * {@link CircuitBreaker} with a count-based sliding window, held in a
 * {@link CircuitBreakerRegistry} of its own (not an application's registry, whose
 * configuration is not ours to read). Breakers are named after the channel,
 * {@code <channel>}, or {@code <channel>/<full method name>} with one breaker per method;
 * the registry ({@link #getRegistry()}) is what Resilience4j's Micrometer binding reads.
 */
public final class Resilience4jChannelCircuitBreakers implements ChannelCircuitBreakers {

	private final CircuitBreakerRegistry registry;

	private final Map<String, ChannelBreakers> channels = new ConcurrentHashMap<>();

	/**
	 * Create the breakers of channels in a new registry.
	 */
	public Resilience4jChannelCircuitBreakers() {
		this(CircuitBreakerRegistry.ofDefaults());
	}

	/**
	 * Create the breakers of channels in the given registry.
	 * @param registry the registry to create breakers in
	 */
	public Resilience4jChannelCircuitBreakers(CircuitBreakerRegistry registry) {
		this.registry = registry;
	}

	/**
	 * Return the registry holding the breakers of every channel.
	 * @return the registry
	 */
	public CircuitBreakerRegistry getRegistry() {
		return this.registry;
	}

	@Override
	public ClientInterceptor interceptor(String channel, CircuitBreakerSettings settings) {
		ChannelBreakers breakers = new ChannelBreakers(channel, settings.scope(), config(settings));
		this.channels.put(channel, breakers);
		return new CircuitBreakerClientInterceptor(breakers::guard, settings.failureStatusCodes());
	}

	@Override
	public List<BreakerState> circuitBreakers(String channel) {
		ChannelBreakers breakers = this.channels.get(channel);
		return (breakers != null) ? breakers.states() : List.of();
	}

	/**
	 * Return the breaker of a channel, or of one of its methods.
	 * @param channel the channel name
	 * @param fullMethodName the full method name for one breaker per method, {@code null}
	 * for the channel's breaker
	 * @return the breaker, {@code null} if the channel has none or the method was not called
	 * yet
	 */
	public @Nullable CircuitBreaker getCircuitBreaker(String channel, @Nullable String fullMethodName) {
		ChannelBreakers breakers = this.channels.get(channel);
		if (breakers == null) {
			return null;
		}
		Guard guard = breakers.guards.get((fullMethodName != null) ? fullMethodName : "");
		return (guard != null) ? guard.breaker() : null;
	}

	private static CircuitBreakerConfig config(CircuitBreakerSettings settings) {
		return CircuitBreakerConfig.custom()
			.slidingWindowType(SlidingWindowType.COUNT_BASED)
			.slidingWindowSize(settings.slidingWindowSize())
			.minimumNumberOfCalls(settings.minimumNumberOfCalls())
			.failureRateThreshold(settings.failureRateThreshold())
			.slowCallRateThreshold(settings.slowCallRateThreshold())
			.slowCallDurationThreshold(settings.slowCallDurationThreshold())
			.waitDurationInOpenState(settings.waitDurationInOpenState())
			.permittedNumberOfCallsInHalfOpenState(settings.permittedCallsInHalfOpenState())
			// failures are statuses, recorded on purpose; a stack trace would tell nothing
			.writableStackTraceEnabled(false)
			.build();
	}

	/** The breakers of one channel: one under the key "", or one per full method name. */
	private final class ChannelBreakers {

		private final String channel;

		private final Scope scope;

		private final CircuitBreakerConfig config;

		private final Map<String, Guard> guards = new ConcurrentHashMap<>();

		ChannelBreakers(String channel, Scope scope, CircuitBreakerConfig config) {
			this.channel = channel;
			this.scope = scope;
			this.config = config;
			if (scope == Scope.CHANNEL) {
				// at once, so that health and the endpoint show the channel's breaker before its first call
				this.guards.put("", new Guard(breaker(channel), "channel " + channel));
			}
		}

		Guard guard(MethodDescriptor<?, ?> method) {
			if (this.scope == Scope.CHANNEL) {
				return this.guards.get("");
			}
			return this.guards.computeIfAbsent(method.getFullMethodName(),
					(name) -> new Guard(breaker(this.channel + "/" + name),
							"channel " + this.channel + ", method " + name));
		}

		private CircuitBreaker breaker(String name) {
			return Resilience4jChannelCircuitBreakers.this.registry.circuitBreaker(name, this.config);
		}

		List<BreakerState> states() {
			List<BreakerState> states = new ArrayList<>();
			this.guards
				.forEach((method, guard) -> states.add(state(method.isEmpty() ? null : method, guard.breaker())));
			states.sort(Comparator.comparing(BreakerState::name));
			return states;
		}

	}

	private static BreakerState state(@Nullable String method, CircuitBreaker breaker) {
		CircuitBreaker.Metrics metrics = breaker.getMetrics();
		return new BreakerState(breaker.getName(), method, breaker.getState().name(), metrics.getFailureRate(),
				metrics.getSlowCallRate(), metrics.getNumberOfBufferedCalls(), metrics.getNumberOfFailedCalls(),
				metrics.getNumberOfSlowCalls(), metrics.getNumberOfNotPermittedCalls());
	}

}
