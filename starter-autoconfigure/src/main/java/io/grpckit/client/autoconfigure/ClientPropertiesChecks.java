package io.grpckit.client.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.grpc.Status;
import io.grpckit.client.autoconfigure.MethodProperties.Hedging;
import io.grpckit.client.autoconfigure.MethodProperties.Retry;
import io.grpckit.internal.properties.PropertyChecks;
import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;
import org.springframework.validation.Errors;

/**
 * The ranges and combinations of {@code grpckit.client.*}, checked when
 * {@link GrpcClientProperties} is bound, for every configured channel whether it is used
 * yet or not. Ranges are checked on each channel's own values (the 'default' channel's
 * included), so whatever a channel inherits is valid too; combinations (one credential,
 * both throttling values) are checked on the values a channel ends up with.
 * <p>
 * What depends on other beans (target schemes of resolvers that beans register, SSL
 * bundles) is checked once the context is refreshed, by {@link PropertiesGrpcChannelTargets}.
 */
final class ClientPropertiesChecks {

	/** Largest circuit-breaker sliding window: Resilience4j allocates one entry per call. */
	static final int MAX_SLIDING_WINDOW_SIZE = 100_000;

	private ClientPropertiesChecks() {
	}

	static void check(GrpcClientProperties properties, Errors errors) {
		PropertyChecks.notNegative(errors, "shutdown.grace-period", properties.getShutdown().getGracePeriod());
		for (Map.Entry<String, ChannelProperties> entry : properties.getChannel().entrySet()) {
			String path = path(entry.getKey());
			ChannelProperties channel = entry.getValue();
			checkRanges(errors, path, channel);
			checkCombinations(errors, path, properties.resolve(entry.getKey()));
		}
	}

	private static String path(String name) {
		// the form users write, unless the name needs brackets (dots, capitals)
		return name.matches("[a-z0-9-]+") ? "channel." + name : "channel[" + name + "]";
	}

	private static void checkRanges(Errors errors, String path, ChannelProperties channel) {
		PropertyChecks.notBlank(errors, path + ".target", channel.getTarget());
		PropertyChecks.positive(errors, path + ".idle-timeout", channel.getIdleTimeout());
		PropertyChecks.positive(errors, path + ".default-deadline", channel.getDefaultDeadline());
		PropertyChecks.positive(errors, path + ".keepalive.time", channel.getKeepalive().getTime());
		PropertyChecks.positive(errors, path + ".keepalive.timeout", channel.getKeepalive().getTimeout());
		PropertyChecks.intSize(errors, path + ".inbound.message.max-size",
				channel.getInbound().getMessage().getMaxSize(), 0);
		PropertyChecks.intSize(errors, path + ".inbound.metadata.max-size",
				channel.getInbound().getMetadata().getMaxSize(), 1);
		Double maxTokens = channel.getRetryThrottling().getMaxTokens();
		if (maxTokens != null && (maxTokens <= 0 || maxTokens > 1000)) {
			PropertyChecks.reject(errors, path + ".retry-throttling.max-tokens",
					"must be greater than 0 and at most 1000");
		}
		Double tokenRatio = channel.getRetryThrottling().getTokenRatio();
		if (tokenRatio != null && tokenRatio <= 0) {
			PropertyChecks.reject(errors, path + ".retry-throttling.token-ratio", "must be greater than 0");
		}
		ChannelWeightedRoundRobinProperties weightedRoundRobin = channel.getWeightedRoundRobin();
		PropertyChecks.positive(errors, path + ".weighted-round-robin.oob-reporting-period",
				weightedRoundRobin.getOobReportingPeriod());
		PropertyChecks.notNegative(errors, path + ".weighted-round-robin.blackout-period",
				weightedRoundRobin.getBlackoutPeriod());
		PropertyChecks.atLeast(errors, path + ".weighted-round-robin.weight-update-period",
				weightedRoundRobin.getWeightUpdatePeriod(), Duration.ofMillis(100), "100ms");
		checkCircuitBreaker(errors, path + ".circuit-breaker", channel.getCircuitBreaker());
		List<MethodProperties> methods = channel.getMethod();
		for (int i = 0; methods != null && i < methods.size(); i++) {
			checkMethod(errors, path + ".method[" + i + "]", methods.get(i));
		}
	}

	private static void checkCircuitBreaker(Errors errors, String path, ChannelCircuitBreakerProperties breaker) {
		percent(errors, path + ".failure-rate-threshold", breaker.getFailureRateThreshold());
		percent(errors, path + ".slow-call-rate-threshold", breaker.getSlowCallRateThreshold());
		PropertyChecks.positive(errors, path + ".slow-call-duration-threshold", breaker.getSlowCallDurationThreshold());
		PropertyChecks.atLeast(errors, path + ".minimum-number-of-calls", breaker.getMinimumNumberOfCalls(), 1);
		Integer windowSize = breaker.getSlidingWindowSize();
		if (windowSize != null) {
			// a count-based window holds one entry per call, allocated up front
			PropertyChecks.range(errors, path + ".sliding-window-size", windowSize, 1, MAX_SLIDING_WINDOW_SIZE, "");
		}
		PropertyChecks.atLeast(errors, path + ".wait-duration-in-open-state", breaker.getWaitDurationInOpenState(),
				Duration.ofMillis(1), "1ms");
		PropertyChecks.atLeast(errors, path + ".permitted-calls-in-half-open-state",
				breaker.getPermittedCallsInHalfOpenState(), 1);
		Set<Status.Code> codes = breaker.getFailureStatusCodes();
		if (codes != null && codes.contains(Status.Code.OK)) {
			PropertyChecks.reject(errors, path + ".failure-status-codes", "must not contain OK, which is a success");
		}
	}

	private static void percent(Errors errors, String field, @Nullable Float value) {
		// written so that NaN fails too
		if (value != null && !(value > 0 && value <= 100)) {
			PropertyChecks.reject(errors, field, "must be greater than 0 and at most 100 (percent)");
		}
	}

	private static void checkMethod(Errors errors, String path, MethodProperties method) {
		for (int i = 0; i < method.getNames().size(); i++) {
			String[] parts = method.getNames().get(i).split("/", -1);
			if (parts.length > 2 || parts[0].isBlank() || (parts.length == 2 && parts[1].isBlank())) {
				PropertyChecks.reject(errors, path + ".names[" + i + "]",
						"must be 'package.Service' or 'package.Service/Method'");
			}
		}
		PropertyChecks.notNegative(errors, path + ".timeout", method.getTimeout());
		Retry retry = method.getRetry();
		Hedging hedging = method.getHedging();
		if (retry != null && hedging != null) {
			PropertyChecks.reject(errors, path + ".hedging",
					"retry and hedging are exclusive: set only one of retry.* and hedging.*");
		}
		if (retry != null) {
			attempts(errors, path + ".retry.max-attempts", retry.getMaxAttempts());
			PropertyChecks.positive(errors, path + ".retry.initial-backoff", retry.getInitialBackoff());
			PropertyChecks.positive(errors, path + ".retry.max-backoff", retry.getMaxBackoff());
			if (retry.getBackoffMultiplier() <= 0) {
				PropertyChecks.reject(errors, path + ".retry.backoff-multiplier", "must be greater than 0");
			}
			if (retry.getRetryableStatusCodes().isEmpty()) {
				PropertyChecks.reject(errors, path + ".retry.retryable-status-codes",
						"must name at least one status code, e.g. UNAVAILABLE");
			}
		}
		if (hedging != null) {
			attempts(errors, path + ".hedging.max-attempts", hedging.getMaxAttempts());
			PropertyChecks.notNegative(errors, path + ".hedging.delay", hedging.getDelay());
		}
	}

	private static void attempts(Errors errors, String field, int attempts) {
		if (attempts < 2) {
			PropertyChecks.reject(errors, field, "must be at least 2 (grpc-java caps it at 5)");
		}
	}

	private static void checkCombinations(Errors errors, String path, ChannelProperties channel) {
		ChannelRetryThrottlingProperties throttling = channel.getRetryThrottling();
		if ((throttling.getMaxTokens() == null) != (throttling.getTokenRatio() == null)) {
			String missing = (throttling.getMaxTokens() == null) ? "max-tokens" : "token-ratio";
			PropertyChecks.reject(errors, path + ".retry-throttling." + missing,
					"must be set too: set both retry-throttling values or none (the 'default' channel's count)");
		}
		ChannelAuthProperties auth = channel.getAuth();
		int credentials = (StringUtils.hasText(auth.getBearerToken()) ? 1 : 0)
				+ (StringUtils.hasText(auth.getTokenSupplier()) ? 1 : 0)
				+ (StringUtils.hasText(auth.getBasic().getUsername()) ? 1 : 0);
		if (credentials > 1) {
			PropertyChecks.reject(errors, path + ".auth",
					"must set only one of bearer-token, token-supplier and basic.username"
							+ " (the 'default' channel's count)");
		}
	}

}
