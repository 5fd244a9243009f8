package io.grpckit.server.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.convert.DurationUnit;

/**
 * Limits on the calls the server runs, {@code grpckit.server.limits.*}. Nothing is limited
 * unless set. Calls over a limit are refused before service code runs, with a
 * {@code grpc-retry-pushback-ms} trailer.
 */
public class ServerLimitsProperties {

	/**
	 * Most calls the server runs at once, streaming calls counted while open. Calls beyond
	 * are refused with UNAVAILABLE before they wait for a service thread.
	 */
	private @Nullable Integer maxConcurrentCalls;

	/**
	 * Longest an admitted call may wait for a service thread; one that waited longer is
	 * refused with UNAVAILABLE before its service code starts.
	 */
	@DurationUnit(ChronoUnit.MILLIS)
	private @Nullable Duration maxQueueTime;

	/**
	 * Time sent in the grpc-retry-pushback-ms trailer of refusals by concurrency and queue
	 * time: how long a client's retry waits. -1 asks clients not to retry.
	 */
	@DurationUnit(ChronoUnit.MILLIS)
	private Duration retryPushback = Duration.ofMillis(100);

	/**
	 * Services the server-wide limit does not apply to, so that health checks are answered
	 * while the server sheds load.
	 */
	private List<String> excludedServices = new ArrayList<>(List.of("grpc.health.v1.Health"));

	/**
	 * Most keys (principals or header values) a keyed rate limit tracks per method; callers
	 * beyond share one limit.
	 */
	private int maxKeys = 10_000;

	private final Adaptive adaptive = new Adaptive();

	/**
	 * Limits per method, keyed by "package.Service/Method", or "package.Service/*" for a
	 * limit its methods share.
	 */
	private Map<String, Method> methods = new LinkedHashMap<>();

	public @Nullable Integer getMaxConcurrentCalls() {
		return this.maxConcurrentCalls;
	}

	public void setMaxConcurrentCalls(@Nullable Integer maxConcurrentCalls) {
		this.maxConcurrentCalls = maxConcurrentCalls;
	}

	public @Nullable Duration getMaxQueueTime() {
		return this.maxQueueTime;
	}

	public void setMaxQueueTime(@Nullable Duration maxQueueTime) {
		this.maxQueueTime = maxQueueTime;
	}

	public Duration getRetryPushback() {
		return this.retryPushback;
	}

	public void setRetryPushback(Duration retryPushback) {
		this.retryPushback = retryPushback;
	}

	public List<String> getExcludedServices() {
		return this.excludedServices;
	}

	public void setExcludedServices(List<String> excludedServices) {
		this.excludedServices = excludedServices;
	}

	public int getMaxKeys() {
		return this.maxKeys;
	}

	public void setMaxKeys(int maxKeys) {
		this.maxKeys = maxKeys;
	}

	public Adaptive getAdaptive() {
		return this.adaptive;
	}

	public Map<String, Method> getMethods() {
		return this.methods;
	}

	public void setMethods(Map<String, Method> methods) {
		this.methods = methods;
	}

	/** Whether any limit is set. */
	boolean isAnySet() {
		return this.maxConcurrentCalls != null || this.maxQueueTime != null || this.adaptive.isEnabled()
				|| !this.methods.isEmpty();
	}

	/**
	 * A server-wide limit that follows latency, {@code grpckit.server.limits.adaptive.*}.
	 */
	public static class Adaptive {

		/**
		 * Whether the server-wide limit follows measured latency (Netflix
		 * concurrency-limits' gradient limit) instead of max-concurrent-calls: it grows
		 * while unary calls are as fast as usual and shrinks when queueing slows them.
		 */
		private boolean enabled;

		/**
		 * Limit to start with.
		 */
		private int initialLimit = 20;

		/**
		 * Lowest the limit goes.
		 */
		private int minLimit = 4;

		/**
		 * Highest the limit goes.
		 */
		private int maxLimit = 200;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getInitialLimit() {
			return this.initialLimit;
		}

		public void setInitialLimit(int initialLimit) {
			this.initialLimit = initialLimit;
		}

		public int getMinLimit() {
			return this.minLimit;
		}

		public void setMinLimit(int minLimit) {
			this.minLimit = minLimit;
		}

		public int getMaxLimit() {
			return this.maxLimit;
		}

		public void setMaxLimit(int maxLimit) {
			this.maxLimit = maxLimit;
		}

	}

	/**
	 * Limits of one method or service.
	 */
	public static class Method {

		/**
		 * Most calls of this method (or service) at once; beyond, UNAVAILABLE.
		 */
		private @Nullable Integer maxConcurrentCalls;

		/**
		 * Calls per second allowed; beyond, RESOURCE_EXHAUSTED with the time to the next
		 * allowed call as pushback. Needs resilience4j-ratelimiter.
		 */
		private @Nullable Double rate;

		/**
		 * Calls allowed at once within the rate. The rate rounded up when not set.
		 */
		private @Nullable Integer burst;

		/**
		 * What the rate is kept per: none (all callers share it), principal (the
		 * authenticated caller, needs Spring Security) or header:<name> (the value of a
		 * request header).
		 */
		private String key = "none";

		public @Nullable Integer getMaxConcurrentCalls() {
			return this.maxConcurrentCalls;
		}

		public void setMaxConcurrentCalls(@Nullable Integer maxConcurrentCalls) {
			this.maxConcurrentCalls = maxConcurrentCalls;
		}

		public @Nullable Double getRate() {
			return this.rate;
		}

		public void setRate(@Nullable Double rate) {
			this.rate = rate;
		}

		public @Nullable Integer getBurst() {
			return this.burst;
		}

		public void setBurst(@Nullable Integer burst) {
			this.burst = burst;
		}

		public String getKey() {
			return this.key;
		}

		public void setKey(String key) {
			this.key = key;
		}

	}

}
