package io.grpckit.client.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.grpc.LoadBalancerProvider;
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
 * doubles). Values were checked when the properties were bound
 * ({@link ClientPropertiesChecks}); what is checked here depends on the classpath and
 * grpc-java's registries.
 */
final class ChannelServiceConfig {

	private static final String HEALTH_CHECKING_CLASS = "io.grpc.protobuf.services.HealthCheckingLoadBalancerFactory";

	private final String prefix;

	private final Function<String, @Nullable LoadBalancerProvider> policies;

	/**
	 * Create a converter.
	 * @param prefix the property prefix of the channel, e.g.
	 * {@code grpckit.client.channel.greeter}, used in error messages
	 */
	ChannelServiceConfig(String prefix) {
		this(prefix, LoadBalancerRegistry.getDefaultRegistry()::getProvider);
	}

	/**
	 * Create a converter that looks up load-balancing policies in the given place.
	 * @param prefix the property prefix of the channel
	 * @param policies the registered policy of a name, {@code null} if there is none
	 */
	ChannelServiceConfig(String prefix, Function<String, @Nullable LoadBalancerProvider> policies) {
		this.prefix = prefix;
		this.policies = policies;
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
			if (this.policies.apply(policy.policyName()) == null) {
				throw invalid("load-balancing-policy", policy.policyName(),
						(policy == LoadBalancingPolicy.WEIGHTED_ROUND_ROBIN)
								? "weighted_round_robin comes with io.grpc:grpc-xds, which is not on the class path: "
										+ "add it (its version is in grpckit-dependencies) or choose another policy"
								: "no load balancer '" + policy.policyName() + "' is registered");
			}
			Map<String, Object> policyConfig = (policy == LoadBalancingPolicy.WEIGHTED_ROUND_ROBIN)
					? weightedRoundRobin(channel.getWeightedRoundRobin()) : Map.of();
			config.put("loadBalancingConfig", List.of(Map.of(policy.policyName(), policyConfig)));
		}
		List<Map<String, Object>> methods = new ArrayList<>();
		List<MethodProperties> method = channel.getMethod();
		for (int i = 0; method != null && i < method.size(); i++) {
			methods.add(methodConfig(method.get(i)));
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

	private static Map<String, Object> weightedRoundRobin(ChannelWeightedRoundRobinProperties properties) {
		// the fields of grpc-java's WeightedRoundRobinLoadBalancerConfig; unset ones keep its defaults
		Map<String, Object> config = new LinkedHashMap<>();
		if (properties.getEnableOobLoadReport() != null) {
			config.put("enableOobLoadReport", properties.getEnableOobLoadReport());
		}
		if (properties.getOobReportingPeriod() != null) {
			config.put("oobReportingPeriod", durationString(properties.getOobReportingPeriod()));
		}
		if (properties.getBlackoutPeriod() != null) {
			config.put("blackoutPeriod", durationString(properties.getBlackoutPeriod()));
		}
		if (properties.getWeightUpdatePeriod() != null) {
			config.put("weightUpdatePeriod", durationString(properties.getWeightUpdatePeriod()));
		}
		return config;
	}

	private static Map<String, Object> methodConfig(MethodProperties method) {
		Map<String, Object> config = new LinkedHashMap<>();
		config.put("name", names(method.getNames()));
		if (method.getTimeout() != null) {
			config.put("timeout", durationString(method.getTimeout()));
		}
		if (method.getWaitForReady() != null) {
			config.put("waitForReady", method.getWaitForReady());
		}
		if (method.getRetry() != null) {
			config.put("retryPolicy", retryPolicy(method.getRetry()));
		}
		if (method.getHedging() != null) {
			config.put("hedgingPolicy", hedgingPolicy(method.getHedging()));
		}
		return config;
	}

	private static List<Map<String, Object>> names(List<String> names) {
		if (names.isEmpty()) {
			// one empty name matches every method of every service
			return List.of(Map.of());
		}
		List<Map<String, Object>> result = new ArrayList<>();
		for (String name : names) {
			String[] parts = name.split("/", -1);
			result.add((parts.length == 1) ? Map.of("service", parts[0])
					: Map.of("service", parts[0], "method", parts[1]));
		}
		return result;
	}

	private static Map<String, Object> retryPolicy(Retry retry) {
		Map<String, Object> config = new LinkedHashMap<>();
		config.put("maxAttempts", (double) retry.getMaxAttempts());
		config.put("initialBackoff", durationString(retry.getInitialBackoff()));
		config.put("maxBackoff", durationString(retry.getMaxBackoff()));
		config.put("backoffMultiplier", retry.getBackoffMultiplier());
		config.put("retryableStatusCodes", codes(retry.getRetryableStatusCodes()));
		return config;
	}

	private static Map<String, Object> hedgingPolicy(Hedging hedging) {
		Map<String, Object> config = new LinkedHashMap<>();
		config.put("maxAttempts", (double) hedging.getMaxAttempts());
		config.put("hedgingDelay", durationString(hedging.getDelay()));
		config.put("nonFatalStatusCodes", codes(hedging.getNonFatalStatusCodes()));
		return config;
	}

	private static @Nullable Map<String, Object> retryThrottling(ChannelRetryThrottlingProperties throttling) {
		Double maxTokens = throttling.getMaxTokens();
		Double tokenRatio = throttling.getTokenRatio();
		if (maxTokens == null || tokenRatio == null) {
			// both or none, checked at binding
			return null;
		}
		return Map.of("maxTokens", maxTokens, "tokenRatio", tokenRatio);
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
