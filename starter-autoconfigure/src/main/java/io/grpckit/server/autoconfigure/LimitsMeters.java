package io.grpckit.server.autoconfigure;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.grpckit.server.limits.GrpcServerLimits;
import io.grpckit.server.limits.LimitsObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

/**
 * Meters of the server limits: {@code grpckit.server.limits.calls} counts calls admitted
 * and refused by method and reason; {@code grpckit.server.limits.in-flight} and
 * {@code grpckit.server.limits.limit} show each concurrency limit. Counters are looked up
 * once per method and outcome.
 */
final class LimitsMeters implements LimitsObserver, MeterBinder {

	private final Supplier<GrpcServerLimits> limits;

	private volatile @Nullable MeterRegistry registry;

	private final Map<String, Counter> counters = new ConcurrentHashMap<>();

	LimitsMeters(Supplier<GrpcServerLimits> limits) {
		this.limits = limits;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.registry = registry;
		for (GrpcServerLimits.LimitState state : this.limits.get().state()) {
			if (!"concurrency".equals(state.kind())) {
				continue;
			}
			String scope = state.scope();
			Gauge.builder("grpckit.server.limits.in-flight", this.limits, (l) -> current(l, scope, true))
				.description("Calls holding a permit of a concurrency limit")
				.tag("scope", scope)
				.register(registry);
			Gauge.builder("grpckit.server.limits.limit", this.limits, (l) -> current(l, scope, false))
				.description("Current concurrency limit (adaptive limits move)")
				.tag("scope", scope)
				.register(registry);
		}
	}

	private static double current(Supplier<GrpcServerLimits> limits, String scope, boolean inFlight) {
		for (GrpcServerLimits.LimitState state : limits.get().state()) {
			if (scope.equals(state.scope()) && "concurrency".equals(state.kind())) {
				Integer value = inFlight ? state.inFlight() : state.limit();
				return (value != null) ? value : Double.NaN;
			}
		}
		return Double.NaN;
	}

	@Override
	public void admitted(String method) {
		count(method, "admitted", "none");
	}

	@Override
	public void refused(String method, Refusal reason) {
		count(method, "refused", reason.tag());
	}

	private void count(String method, String outcome, String reason) {
		MeterRegistry registry = this.registry;
		if (registry == null) {
			return;
		}
		String key = method + ' ' + outcome + ' ' + reason;
		Counter counter = this.counters.get(key);
		if (counter == null) {
			counter = this.counters.computeIfAbsent(key, (k) -> Counter.builder("grpckit.server.limits.calls")
				.description("Calls admitted or refused by the server limits")
				.tag("method", method)
				.tag("outcome", outcome)
				.tag("reason", reason)
				.register(registry));
		}
		counter.increment();
	}

}
