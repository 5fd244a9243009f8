package io.grpckit.client.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.grpc.LoadBalancerRegistry;
import io.grpc.Status;
import io.grpckit.client.autoconfigure.ChannelProperties.LoadBalancingPolicy;
import io.grpckit.client.autoconfigure.MethodProperties.Hedging;
import io.grpckit.client.autoconfigure.MethodProperties.Retry;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.ClassUtils;

/**
 * Turns the typed properties of a channel into grpc-java's service config (the JSON
 * structure of {@code service_config.proto} as maps, lists, strings, booleans and
 * doubles), checking each value and naming the property of any invalid one.
 */
final class ChannelServiceConfig {

	private static final String HEALTH_CHECKING_CLASS = "io.grpc.protobuf.services.HealthCheckingLoadBalancerFactory";

	private final String prefix;

	/**
	 * Create a converter.
	 * @param prefix the property prefix of the channel, e.g.
	 * {@code grpckit.client.channel.greeter}, used in error messages
	 */
	ChannelServiceConfig(String prefix) {
		this.prefix = prefix;
	}

	/**
	 * Build the service config of a channel.
	 * @param channel the channel values
	 * @return the service config, empty if no property asks for one
	 * @throws InvalidConfigurationPropertyValueException for an invalid value
	 */
	Map<String, Object> build(ChannelProperties channel) {
		Map<String, Object> config = new LinkedHashMap<>();
		LoadBalancingPolicy policy = channel.getLoadBalancingPolicy();
		if (policy != null) {
			if (LoadBalancerRegistry.getDefaultRegistry().getProvider(policy.policyName()) == null) {
				throw invalid("load-balancing-policy", policy, "no load balancer '" + policy.policyName()
						+ "' is registered (weighted_round_robin needs io.grpc:grpc-xds)");
			}
			config.put("loadBalancingConfig", List.of(Map.of(policy.policyName(), Map.of())));
		}
		List<Map<String, Object>> methods = new ArrayList<>();
		List<MethodProperties> method = channel.getMethod();
		for (int i = 0; method != null && i < method.size(); i++) {
			methods.add(methodConfig("method[" + i + "]", method.get(i)));
		}
		if (!methods.isEmpty()) {
			config.put("methodConfig", methods);
		}
		@Nullable Map<String, Object> throttling = retryThrottling(channel.getRetryThrottling());
		if (throttling != null) {
			config.put("retryThrottling", throttling);
		}
		String healthServiceName = channel.getHealth().getServiceName();
		if (healthServiceName != null) {
			if (!ClassUtils.isPresent(HEALTH_CHECKING_CLASS, ChannelServiceConfig.class.getClassLoader())) {
				throw invalid("health.service-name", healthServiceName,
						"client-side health checking needs io.grpc:grpc-services on the classpath");
			}
			config.put("healthCheckConfig", Map.of("serviceName", healthServiceName));
		}
		return config;
	}

	private Map<String, Object> methodConfig(String path, MethodProperties method) {
		Map<String, Object> config = new LinkedHashMap<>();
		config.put("name", names(path + ".names", method.getNames()));
		if (method.getTimeout() != null) {
			config.put("timeout", duration(path + ".timeout", method.getTimeout(), false));
		}
		if (method.getWaitForReady() != null) {
			config.put("waitForReady", method.getWaitForReady());
		}
		if (method.getRetry() != null && method.getHedging() != null) {
			throw invalid(path + ".hedging", "", "retry and hedging are exclusive: set only one of " + this.prefix + "."
					+ path + ".retry.* and " + this.prefix + "." + path + ".hedging.*");
		}
		if (method.getRetry() != null) {
			config.put("retryPolicy", retryPolicy(path + ".retry", method.getRetry()));
		}
		if (method.getHedging() != null) {
			config.put("hedgingPolicy", hedgingPolicy(path + ".hedging", method.getHedging()));
		}
		return config;
	}

	private List<Map<String, Object>> names(String path, List<String> names) {
		if (names.isEmpty()) {
			// one empty name matches every method of every service
			return List.of(Map.of());
		}
		List<Map<String, Object>> result = new ArrayList<>();
		for (String name : names) {
			String[] parts = name.split("/", -1);
			if (parts.length > 2 || parts[0].isBlank() || (parts.length == 2 && parts[1].isBlank())) {
				throw invalid(path, name, "expected 'package.Service' or 'package.Service/Method'");
			}
			result.add((parts.length == 1) ? Map.of("service", parts[0])
					: Map.of("service", parts[0], "method", parts[1]));
		}
		return result;
	}

	private Map<String, Object> retryPolicy(String path, Retry retry) {
		Map<String, Object> config = new LinkedHashMap<>();
		config.put("maxAttempts", (double) attempts(path + ".max-attempts", retry.getMaxAttempts()));
		config.put("initialBackoff", duration(path + ".initial-backoff", retry.getInitialBackoff(), true));
		config.put("maxBackoff", duration(path + ".max-backoff", retry.getMaxBackoff(), true));
		if (retry.getBackoffMultiplier() <= 0) {
			throw invalid(path + ".backoff-multiplier", retry.getBackoffMultiplier(), "expected: > 0");
		}
		config.put("backoffMultiplier", retry.getBackoffMultiplier());
		if (retry.getRetryableStatusCodes().isEmpty()) {
			throw invalid(path + ".retryable-status-codes", "", "expected: at least one status code");
		}
		config.put("retryableStatusCodes", codes(retry.getRetryableStatusCodes()));
		return config;
	}

	private Map<String, Object> hedgingPolicy(String path, Hedging hedging) {
		Map<String, Object> config = new LinkedHashMap<>();
		config.put("maxAttempts", (double) attempts(path + ".max-attempts", hedging.getMaxAttempts()));
		if (hedging.getDelay().isNegative()) {
			throw invalid(path + ".delay", hedging.getDelay(), "expected: >= 0");
		}
		config.put("hedgingDelay", durationString(hedging.getDelay()));
		config.put("nonFatalStatusCodes", codes(hedging.getNonFatalStatusCodes()));
		return config;
	}

	private @Nullable Map<String, Object> retryThrottling(ChannelRetryThrottlingProperties throttling) {
		Double maxTokens = throttling.getMaxTokens();
		Double tokenRatio = throttling.getTokenRatio();
		if (maxTokens == null && tokenRatio == null) {
			return null;
		}
		if (maxTokens == null || maxTokens <= 0 || maxTokens > 1000) {
			throw invalid("retry-throttling.max-tokens", maxTokens, "expected: 0 < max-tokens <= 1000");
		}
		if (tokenRatio == null || tokenRatio <= 0) {
			throw invalid("retry-throttling.token-ratio", tokenRatio, "expected: > 0");
		}
		return Map.of("maxTokens", maxTokens, "tokenRatio", tokenRatio);
	}

	private int attempts(String path, int attempts) {
		if (attempts < 2) {
			throw invalid(path, attempts, "expected: >= 2");
		}
		return attempts;
	}

	private String duration(String path, Duration duration, boolean mustBePositive) {
		if (duration.isNegative() || (mustBePositive && duration.isZero())) {
			throw invalid(path, duration, mustBePositive ? "expected: > 0" : "expected: >= 0");
		}
		return durationString(duration);
	}

	private static List<String> codes(Collection<Status.Code> codes) {
		return codes.stream().map(Status.Code::name).toList();
	}

	static String durationString(Duration duration) {
		// the protobuf JSON form of google.protobuf.Duration, e.g. "1.500000000s"
		return (duration.getNano() == 0) ? duration.getSeconds() + "s"
				: duration.getSeconds() + "." + String.format("%09d", duration.getNano()) + "s";
	}

	private InvalidConfigurationPropertyValueException invalid(String path, @Nullable Object value, String reason) {
		return new InvalidConfigurationPropertyValueException(this.prefix + "." + path, value, reason);
	}

}
