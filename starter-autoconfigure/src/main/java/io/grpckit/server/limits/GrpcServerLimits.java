package io.grpckit.server.limits;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerBuilder;
import io.grpc.ServerInterceptor;
import io.grpckit.server.internal.EventLoopCalls;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The server limits of {@code grpckit.server.limits.*}: concurrency (server-wide, fixed or
 * adaptive, and per method), the longest a call may wait for a service thread, and rates
 * per method. Calls over a limit are refused before service code runs, with a
 * {@code grpc-retry-pushback-ms} trailer; concurrency and rates keyed by nothing or a header
 * are decided before a call waits for a service thread at all (see {@link #applyTo}).
 * One instance serves every server of the application, so the limits are the process's.
 */
public final class GrpcServerLimits {

	private final @Nullable ConcurrencyLimit server;

	private final Map<String, MethodSpec> methods;

	private final Set<String> excludedServices;

	private final @Nullable Duration maxQueueTime;

	private final long retryPushbackMillis;

	private final int maxKeys;

	private final LimitsObserver observer;

	// method specs turned into limits once; a service-wide spec ("svc/*") shares one limit
	private final Map<String, Governance> governance = new ConcurrentHashMap<>();

	private final Map<String, ConcurrencyLimit> concurrencyLimits = new ConcurrentHashMap<>();

	private final Map<String, RateLimit> rateLimits = new ConcurrentHashMap<>();

	private GrpcServerLimits(Builder builder) {
		this.server = builder.server;
		this.methods = Map.copyOf(builder.methods);
		this.excludedServices = Set.copyOf(builder.excludedServices);
		this.maxQueueTime = builder.maxQueueTime;
		this.retryPushbackMillis = (builder.retryPushback.isNegative()) ? -1 : builder.retryPushback.toMillis();
		this.maxKeys = builder.maxKeys;
		this.observer = builder.observer;
	}

	/** A builder of limits; nothing is limited until set. */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Make a server builder admit calls under these limits: its default executor runs the
	 * admission on the transport thread, and admitted calls run on {@code serviceExecutor}.
	 * Also add {@link #interceptors} to the server's interceptors.
	 * @param builder the server builder
	 * @param serviceExecutor the executor that runs service code
	 */
	public void applyTo(ServerBuilder<?> builder, Executor serviceExecutor) {
		applyTo(builder, new EventLoopCalls(Set.of(), serviceExecutor, Duration.ZERO));
	}

	/**
	 * Make a server builder admit calls under these limits, each admitted call running
	 * where {@code executors} says (its transport thread for a
	 * {@link io.grpckit.server.NonBlocking @NonBlocking} method).
	 * @param builder the server builder
	 * @param executors each call's executor
	 */
	public void applyTo(ServerBuilder<?> builder, EventLoopCalls executors) {
		executors.applyTo(builder, new Admission(this, executors));
	}

	/**
	 * The interceptor that closes refused calls and gives permits back, ordered
	 * {@link io.grpckit.InterceptorOrder#LIMITS}; add it to the server's interceptors.
	 */
	public ServerInterceptor interceptor() {
		return new LimitsServerInterceptor(this);
	}

	/**
	 * The interceptor that decides rates kept per authenticated caller, ordered just inside
	 * security ({@link io.grpckit.InterceptorOrder#RATE_LIMIT_BY_PRINCIPAL}).
	 * @param principal the name of the caller authenticated for the current call, if any
	 * @return the interceptor
	 */
	public ServerInterceptor principalRateInterceptor(Supplier<@Nullable String> principal) {
		return new PrincipalRateLimitServerInterceptor(this, principal);
	}

	/** Whether a rate is keyed by the authenticated caller. */
	public boolean needsPrincipal() {
		return this.methods.values().stream().anyMatch((spec) -> spec.rate != null && spec.key == Key.PRINCIPAL);
	}

	/** The limits and how full they are now, server-wide first. */
	public List<LimitState> state() {
		List<LimitState> states = new ArrayList<>();
		if (this.server != null) {
			states.add(new LimitState(this.server.scope(), "concurrency", this.server.limit(),
					this.server.inFlight(), null, null, null));
		}
		for (Map.Entry<String, MethodSpec> entry : new TreeMap<>(this.methods).entrySet()) {
			String name = entry.getKey();
			MethodSpec spec = entry.getValue();
			if (spec.maxConcurrentCalls != null) {
				ConcurrencyLimit limit = concurrencyLimit(name, spec);
				states.add(new LimitState(name, "concurrency", limit.limit(), limit.inFlight(), null, null, null));
			}
			if (spec.rate != null) {
				RateLimit rate = rateLimit(name, spec);
				states.add(new LimitState(name, "rate", null, null, rate.rate(), rate.burst(), spec.keyText()));
			}
		}
		return states;
	}

	@Nullable Duration maxQueueTime() {
		return this.maxQueueTime;
	}

	long retryPushbackMillis() {
		return this.retryPushbackMillis;
	}

	LimitsObserver observer() {
		return this.observer;
	}

	Governance governance(MethodDescriptor<?, ?> method) {
		Governance known = this.governance.get(method.getFullMethodName());
		return (known != null) ? known : this.governance.computeIfAbsent(method.getFullMethodName(),
				(name) -> resolve(name, method.getServiceName(), method.getType().clientSendsOneMessage()
						&& method.getType().serverSendsOneMessage()));
	}

	private Governance resolve(String method, @Nullable String service, boolean unary) {
		String pattern = (service != null && !this.methods.containsKey(method)) ? service + "/*" : method;
		MethodSpec spec = this.methods.get(pattern);
		boolean excluded = service != null && this.excludedServices.contains(service);
		ConcurrencyLimit server = excluded ? null : this.server;
		ConcurrencyLimit concurrency = null;
		RateLimit rate = null;
		RateLimit principalRate = null;
		Metadata.Key<String> header = null;
		if (spec != null) {
			if (spec.maxConcurrentCalls != null) {
				concurrency = concurrencyLimit(pattern, spec);
			}
			if (spec.rate != null) {
				if (spec.key == Key.PRINCIPAL) {
					principalRate = rateLimit(pattern, spec);
				}
				else {
					rate = rateLimit(pattern, spec);
					header = spec.header;
				}
			}
		}
		return new Governance(method, server, concurrency, rate, header, principalRate, unary,
				!excluded && this.maxQueueTime != null);
	}

	private ConcurrencyLimit concurrencyLimit(String pattern, MethodSpec spec) {
		return this.concurrencyLimits.computeIfAbsent(pattern, (name) -> new ConcurrencyLimit.Fixed(name,
				"grpckit.server.limits.methods[" + name + "].max-concurrent-calls", spec.maxConcurrentCalls));
	}

	private RateLimit rateLimit(String pattern, MethodSpec spec) {
		return this.rateLimits.computeIfAbsent(pattern, (name) -> new RateLimit(name,
				"grpckit.server.limits.methods[" + name + "].rate", spec.rate, spec.burst, this.maxKeys));
	}

	/**
	 * One limit and its state, for the {@code grpc} endpoint and meters.
	 * @param scope {@code server} or the method (or {@code service/*}) it applies to
	 * @param kind {@code concurrency} or {@code rate}
	 * @param limit the current concurrency limit
	 * @param inFlight the calls holding a permit now
	 * @param rate calls per second
	 * @param burst calls at once
	 * @param key what the rate is kept per: {@code none}, {@code principal} or
	 * {@code header:<name>}
	 */
	public record LimitState(String scope, String kind, @Nullable Integer limit, @Nullable Integer inFlight,
			@Nullable Double rate, @Nullable Integer burst, @Nullable String key) {
	}

	/** What a rate is kept per. */
	enum Key {

		NONE, PRINCIPAL, HEADER

	}

	private record MethodSpec(@Nullable Integer maxConcurrentCalls, @Nullable Double rate, int burst, Key key,
			Metadata.@Nullable Key<String> header) {

		String keyText() {
			return switch (this.key) {
				case NONE -> "none";
				case PRINCIPAL -> "principal";
				case HEADER -> "header:" + this.header.name();
			};
		}

	}

	/** Builds {@link GrpcServerLimits}. */
	public static final class Builder {

		private @Nullable ConcurrencyLimit server;

		private final Map<String, MethodSpec> methods = new LinkedHashMap<>();

		private final List<String> excludedServices = new ArrayList<>();

		private @Nullable Duration maxQueueTime;

		private Duration retryPushback = Duration.ofMillis(100);

		private int maxKeys = 10_000;

		private LimitsObserver observer = LimitsObserver.NONE;

		private Builder() {
		}

		/**
		 * A fixed server-wide concurrency limit.
		 * @param maxConcurrentCalls calls in flight at most
		 * @return this builder
		 */
		public Builder maxConcurrentCalls(int maxConcurrentCalls) {
			Assert.isTrue(maxConcurrentCalls > 0, "maxConcurrentCalls must be positive");
			this.server = new ConcurrencyLimit.Fixed("server", "grpckit.server.limits.max-concurrent-calls",
					maxConcurrentCalls);
			return this;
		}

		/**
		 * A server-wide concurrency limit that follows latency (Netflix concurrency-limits'
		 * gradient limit, which must be on the class path).
		 * @param initialLimit the limit to start with
		 * @param minLimit the lowest limit
		 * @param maxLimit the highest limit
		 * @return this builder
		 */
		public Builder adaptive(int initialLimit, int minLimit, int maxLimit) {
			Assert.isTrue(0 < minLimit && minLimit <= initialLimit && initialLimit <= maxLimit,
					"expected 0 < minLimit <= initialLimit <= maxLimit");
			this.server = new AdaptiveConcurrencyLimit("grpckit.server.limits.adaptive", initialLimit, minLimit,
					maxLimit);
			return this;
		}

		/**
		 * Services the server-wide concurrency limit does not apply to, e.g. health checks.
		 * @param services full service names
		 * @return this builder
		 */
		public Builder excludedServices(Collection<String> services) {
			this.excludedServices.addAll(services);
			return this;
		}

		/**
		 * Refuse an admitted call that waited longer than this for a service thread.
		 * @param maxQueueTime the longest wait, or {@code null} for no limit
		 * @return this builder
		 */
		public Builder maxQueueTime(@Nullable Duration maxQueueTime) {
			this.maxQueueTime = maxQueueTime;
			return this;
		}

		/**
		 * The pushback sent with refusals by concurrency and queue time.
		 * @param retryPushback the time a client should wait before retrying; negative
		 * sends {@code -1}, asking it not to retry
		 * @return this builder
		 */
		public Builder retryPushback(Duration retryPushback) {
			this.retryPushback = retryPushback;
			return this;
		}

		/**
		 * The most keys a keyed rate limit tracks; callers beyond share one limit.
		 * @param maxKeys the most keys per method
		 * @return this builder
		 */
		public Builder maxKeys(int maxKeys) {
			Assert.isTrue(maxKeys > 0, "maxKeys must be positive");
			this.maxKeys = maxKeys;
			return this;
		}

		/**
		 * Limits of a method, or of a whole service ({@code service/*}, shared by its methods).
		 * @param pattern {@code package.Service/Method} or {@code package.Service/*}
		 * @param maxConcurrentCalls calls of it in flight at most, or {@code null}
		 * @param rate calls per second, or {@code null}
		 * @param burst calls at once within the rate, or {@code null} for the rate rounded up
		 * @param key what the rate is kept per: {@code none}, {@code principal} or
		 * {@code header:<name>}
		 * @return this builder
		 */
		public Builder method(String pattern, @Nullable Integer maxConcurrentCalls, @Nullable Double rate,
				@Nullable Integer burst, String key) {
			Assert.isTrue(pattern.indexOf('/') > 0, () -> "expected service/method, was " + pattern);
			Key kind;
			Metadata.Key<String> header = null;
			if ("none".equals(key)) {
				kind = Key.NONE;
			}
			else if ("principal".equals(key)) {
				kind = Key.PRINCIPAL;
			}
			else if (key.startsWith("header:") && key.length() > 7) {
				kind = Key.HEADER;
				header = Metadata.Key.of(key.substring(7), Metadata.ASCII_STRING_MARSHALLER);
			}
			else {
				throw new IllegalArgumentException("key must be none, principal or header:<name>, was " + key);
			}
			int burstOrDefault = (burst != null) ? burst : (rate != null) ? (int) Math.max(1, Math.ceil(rate)) : 0;
			this.methods.put(pattern, new MethodSpec(maxConcurrentCalls, rate, burstOrDefault, kind, header));
			return this;
		}

		/**
		 * Who is told of admissions and refusals.
		 * @param observer the observer
		 * @return this builder
		 */
		public Builder observer(LimitsObserver observer) {
			this.observer = observer;
			return this;
		}

		public GrpcServerLimits build() {
			return new GrpcServerLimits(this);
		}

	}

}
