package io.grpckit.client.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.grpc.Status;
import io.grpckit.client.resilience.CircuitBreakerSettings;
import io.grpckit.testsupport.ValidatedBinding;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Binding and validation of {@code grpckit.client.*}, and its conversion to grpc-java service
 * config.
 */
class GrpcClientPropertiesTests {

	@Test
	void typedPropertiesBecomeServiceConfig() {
		GrpcClientProperties properties = bind(Map.ofEntries(Map.entry("grpckit.client.channel.echo.target", "static://a:1,b:2"),
				Map.entry("grpckit.client.channel.echo.load-balancing-policy", "round_robin"),
				Map.entry("grpckit.client.channel.echo.health.service-name", "grpckit.test.Echo"),
				Map.entry("grpckit.client.channel.echo.retry-throttling.max-tokens", "10"),
				Map.entry("grpckit.client.channel.echo.retry-throttling.token-ratio", "0.5"),
				Map.entry("grpckit.client.channel.echo.method[0].names", "grpckit.test.Echo/Unary"),
				Map.entry("grpckit.client.channel.echo.method[0].timeout", "1500ms"),
				Map.entry("grpckit.client.channel.echo.method[0].retry.max-attempts", "4"),
				Map.entry("grpckit.client.channel.echo.method[0].retry.initial-backoff", "50ms"),
				Map.entry("grpckit.client.channel.echo.method[0].retry.max-backoff", "2s"),
				Map.entry("grpckit.client.channel.echo.method[0].retry.backoff-multiplier", "1.5"),
				Map.entry("grpckit.client.channel.echo.method[0].retry.retryable-status-codes", "unavailable,ABORTED"),
				Map.entry("grpckit.client.channel.echo.method[1].names", "grpckit.test.Echo"),
				Map.entry("grpckit.client.channel.echo.method[1].wait-for-ready", "true"),
				Map.entry("grpckit.client.channel.echo.method[1].hedging.max-attempts", "3"),
				Map.entry("grpckit.client.channel.echo.method[1].hedging.delay", "100ms"),
				Map.entry("grpckit.client.channel.echo.method[1].hedging.non-fatal-status-codes", "UNAVAILABLE")));
		Map<String, Object> config = serviceConfig(properties, "echo");
		assertThat(config).isEqualTo(Map.of("loadBalancingConfig", List.of(Map.of("round_robin", Map.of())),
				"methodConfig",
				List.of(Map.of("name", List.of(Map.of("service", "grpckit.test.Echo", "method", "Unary")), "timeout",
						"1.500000000s", "retryPolicy",
						Map.of("maxAttempts", 4.0, "initialBackoff", "0.050000000s", "maxBackoff", "2s",
								"backoffMultiplier", 1.5, "retryableStatusCodes", List.of("UNAVAILABLE", "ABORTED"))),
						Map.of("name", List.of(Map.of("service", "grpckit.test.Echo")), "waitForReady", true,
								"hedgingPolicy", Map.of("maxAttempts", 3.0, "hedgingDelay", "0.100000000s",
										"nonFatalStatusCodes", List.of("UNAVAILABLE")))),
				"retryThrottling", Map.of("maxTokens", 10.0, "tokenRatio", 0.5), "healthCheckConfig",
				Map.of("serviceName", "grpckit.test.Echo")));
	}

	@Test
	void methodWithoutNamesAppliesToEveryMethodWithRetryDefaults() {
		GrpcClientProperties properties = bind(Map.of("grpckit.client.channel.echo.method[0].retry.max-attempts", "2"));
		assertThat(serviceConfig(properties, "echo")).isEqualTo(Map.of("methodConfig",
				List.of(Map.of("name", List.of(Map.of()), "retryPolicy", Map.of("maxAttempts", 2.0, "initialBackoff",
						"0.100000000s", "maxBackoff", "1s", "backoffMultiplier", 2.0, "retryableStatusCodes",
						List.of("UNAVAILABLE"))))));
	}

	@Test
	void weightedRoundRobinSettingsBecomeItsPolicyConfigInheritedFromDefault() {
		GrpcClientProperties properties = bind(Map.of("grpckit.client.channel.default.weighted-round-robin.blackout-period", "0",
				"grpckit.client.channel.echo.load-balancing-policy", "weighted_round_robin",
				"grpckit.client.channel.echo.weighted-round-robin.enable-oob-load-report", "true",
				"grpckit.client.channel.echo.weighted-round-robin.oob-reporting-period", "2s",
				"grpckit.client.channel.echo.weighted-round-robin.weight-update-period", "250ms",
				"grpckit.client.channel.other.load-balancing-policy", "round_robin"));
		assertThat(serviceConfig(properties, "echo")).isEqualTo(Map.of("loadBalancingConfig",
				List.of(Map.of("weighted_round_robin", Map.of("enableOobLoadReport", true, "oobReportingPeriod", "2s",
						"blackoutPeriod", "0s", "weightUpdatePeriod", "0.250000000s")))));
		// only weighted_round_robin takes them
		assertThat(serviceConfig(properties, "other"))
			.isEqualTo(Map.of("loadBalancingConfig", List.of(Map.of("round_robin", Map.of()))));
	}

	@Test
	void weightedRoundRobinWithoutGrpcXdsFailsNamingTheProperty() {
		GrpcClientProperties properties = bind(
				Map.of("grpckit.client.channel.echo.load-balancing-policy", "weighted_round_robin"));
		// grpc-xds is on the test class path: a registry without it
		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
			.isThrownBy(() -> new ChannelServiceConfig("grpckit.client.channel.echo", (name) -> null)
				.build(properties.resolve("echo")))
			.satisfies((ex) -> {
				assertThat(ex.getName()).isEqualTo("grpckit.client.channel.echo.load-balancing-policy");
				assertThat(ex.getValue()).isEqualTo("weighted_round_robin");
				assertThat(ex.getReason()).startsWith("weighted_round_robin comes with io.grpc:grpc-xds, which is not on the class path");
			});
		// with it, the policy is grpc-xds's
		assertThat(serviceConfig(properties, "echo"))
			.isEqualTo(Map.of("loadBalancingConfig", List.of(Map.of("weighted_round_robin", Map.of()))));
	}

	@Test
	void weightedRoundRobinValuesOutOfRangeFail() {
		assertInvalid("weighted-round-robin.oob-reporting-period", "0s",
				"grpckit.client.channel.echo.weighted-round-robin.oob-reporting-period");
		assertInvalid("weighted-round-robin.blackout-period", "-1s",
				"grpckit.client.channel.echo.weighted-round-robin.blackout-period");
		assertInvalid("weighted-round-robin.weight-update-period", "50ms",
				"grpckit.client.channel.echo.weighted-round-robin.weight-update-period");
	}

	@Test
	void noTypedPropertiesGiveNoServiceConfig() {
		GrpcClientProperties properties = bind(Map.of("grpckit.client.channel.echo.target", "localhost:9090"));
		assertThat(serviceConfig(properties, "echo")).isEmpty();
	}

	@Test
	void channelsInheritFromDefaultAndOverrideIt() {
		GrpcClientProperties properties = bind(Map.of("grpckit.client.channel.default.target", "static://x:1",
				"grpckit.client.channel.default.default-deadline", "2s",
				"grpckit.client.channel.default.inbound.message.max-size", "1MB",
				"grpckit.client.channel.default.load-balancing-policy", "round_robin",
				"grpckit.client.channel.echo.default-deadline", "300",
				"grpckit.client.channel.echo.keepalive.time", "30"));
		ChannelProperties echo = properties.resolve("echo");
		assertThat(echo.getTarget()).isEqualTo("static://x:1");
		assertThat(echo.getDefaultDeadline()).isEqualTo(Duration.ofMillis(300));
		assertThat(echo.getKeepalive().getTime()).isEqualTo(Duration.ofSeconds(30));
		assertThat(echo.getInbound().getMessage().getMaxSize()).isEqualTo(DataSize.ofMegabytes(1));
		assertThat(echo.getLoadBalancingPolicy()).isEqualTo(ChannelProperties.LoadBalancingPolicy.ROUND_ROBIN);
		ChannelProperties unconfigured = properties.resolve("other");
		assertThat(unconfigured.getTarget()).isEqualTo("static://x:1");
		assertThat(unconfigured.getDefaultDeadline()).isEqualTo(Duration.ofSeconds(2));
		assertThat(unconfigured.getKeepalive().getTime()).isNull();
	}

	@Test
	void listsAreInheritedAndReplacedAsAWhole() {
		GrpcClientProperties properties = bind(Map.of("grpckit.client.channel.default.interceptors", "a,b",
				"grpckit.client.channel.default.method[0].names", "pkg.Default",
				"grpckit.client.channel.default.method[1].names", "pkg.Other",
				"grpckit.client.channel.echo.method[0].names", "pkg.Echo",
				"grpckit.client.channel.other.interceptors", "c"));
		ChannelProperties echo = properties.resolve("echo");
		assertThat(echo.getInterceptors()).containsExactly("a", "b");
		assertThat(echo.getMethod()).extracting(MethodProperties::getNames).containsExactly(List.of("pkg.Echo"));
		ChannelProperties other = properties.resolve("other");
		assertThat(other.getInterceptors()).containsExactly("c");
		assertThat(other.getMethod()).extracting(MethodProperties::getNames)
			.containsExactly(List.of("pkg.Default"), List.of("pkg.Other"));
	}

	@Test
	void retryWithFewerThanTwoAttemptsFails() {
		assertInvalid("method[0].retry.max-attempts", "1", "grpckit.client.channel.echo.method[0].retry.max-attempts");
	}

	@Test
	void negativeBackoffFails() {
		assertInvalid("method[0].retry.initial-backoff", "-1s",
				"grpckit.client.channel.echo.method[0].retry.initial-backoff");
		assertInvalid("method[0].retry.max-backoff", "0s", "grpckit.client.channel.echo.method[0].retry.max-backoff");
	}

	@Test
	void nonPositiveMultiplierFails() {
		assertInvalid("method[0].retry.backoff-multiplier", "0",
				"grpckit.client.channel.echo.method[0].retry.backoff-multiplier");
	}

	@Test
	void hedgingWithFewerThanTwoAttemptsOrNegativeDelayFails() {
		assertInvalid("method[0].hedging.max-attempts", "1", "grpckit.client.channel.echo.method[0].hedging.max-attempts");
		assertInvalid("method[0].hedging.delay", "-5ms", "grpckit.client.channel.echo.method[0].hedging.delay");
	}

	@Test
	void retryAndHedgingTogetherFail() {
		assertThat(rejected(Map.of("grpckit.client.channel.echo.method[0].retry.max-attempts", "3",
				"grpckit.client.channel.echo.method[0].hedging.max-attempts", "3")))
			.containsExactly("grpckit.client.channel.echo.method[0].hedging: retry and hedging are exclusive: "
					+ "set only one of retry.* and hedging.*");
	}

	@Test
	void badMethodNameFails() {
		assertInvalid("method[0].names", "grpckit.test.Echo/Unary/x", "grpckit.client.channel.echo.method[0].names[0]");
		assertInvalid("method[0].names", "/Unary", "grpckit.client.channel.echo.method[0].names[0]");
	}

	@Test
	void negativeTimeoutFails() {
		assertInvalid("method[0].timeout", "-1ms", "grpckit.client.channel.echo.method[0].timeout");
	}

	@Test
	void badThrottlingFails() {
		assertThat(rejected(Map.of("grpckit.client.channel.echo.retry-throttling.max-tokens", "1001",
				"grpckit.client.channel.echo.retry-throttling.token-ratio", "0.5")))
			.containsExactly("grpckit.client.channel.echo.retry-throttling.max-tokens: must be greater than 0 and at most 1000");
		assertThat(rejected(Map.of("grpckit.client.channel.echo.retry-throttling.max-tokens", "10")))
			.singleElement(InstanceOfAssertFactories.STRING)
			.startsWith("grpckit.client.channel.echo.retry-throttling.token-ratio: must be set too");
	}

	@Test
	void combinationsCountInheritedValues() {
		// each channel's own values are fine; together with the default's they are not
		assertThat(rejected(Map.of("grpckit.client.channel.default.auth.bearer-token", "t",
				"grpckit.client.channel.echo.auth.basic.username", "u")))
			.singleElement(InstanceOfAssertFactories.STRING)
			.startsWith("grpckit.client.channel.echo.auth: must set only one of bearer-token, token-supplier");
	}

	@Test
	void channelValuesOutOfRangeFail() {
		assertInvalid("default-deadline", "0", "grpckit.client.channel.echo.default-deadline");
		assertInvalid("idle-timeout", "-1s", "grpckit.client.channel.echo.idle-timeout");
		assertInvalid("keepalive.time", "0s", "grpckit.client.channel.echo.keepalive.time");
		assertInvalid("inbound.message.max-size", "3GB", "grpckit.client.channel.echo.inbound.message.max-size");
		assertInvalid("target", " ", "grpckit.client.channel.echo.target");
		assertThat(rejected(Map.of("grpckit.client.shutdown.grace-period", "-1s")))
			.containsExactly("grpckit.client.shutdown.grace-period: must be at least 0s");
	}

	@Test
	void circuitBreakerValuesAreInheritedAndBecomeSettings() {
		GrpcClientProperties properties = bind(Map.of("grpckit.client.channel.default.circuit-breaker.enabled", "true",
				"grpckit.client.channel.default.circuit-breaker.failure-rate-threshold", "20",
				"grpckit.client.channel.default.circuit-breaker.wait-duration-in-open-state", "10",
				"grpckit.client.channel.echo.circuit-breaker.scope", "method",
				"grpckit.client.channel.echo.circuit-breaker.slow-call-duration-threshold", "500",
				"grpckit.client.channel.echo.circuit-breaker.failure-status-codes", "unavailable,RESOURCE_EXHAUSTED"));
		ChannelCircuitBreakerProperties echo = properties.resolve("echo").getCircuitBreaker();
		assertThat(echo.getEnabled()).isTrue();
		CircuitBreakerSettings settings = echo.settings();
		assertThat(settings.scope()).isEqualTo(CircuitBreakerSettings.Scope.METHOD);
		assertThat(settings.failureRateThreshold()).isEqualTo(20f);
		assertThat(settings.waitDurationInOpenState()).isEqualTo(Duration.ofSeconds(10));
		assertThat(settings.slowCallDurationThreshold()).isEqualTo(Duration.ofMillis(500));
		assertThat(settings.failureStatusCodes()).containsExactlyInAnyOrder(Status.Code.UNAVAILABLE,
				Status.Code.RESOURCE_EXHAUSTED);
		assertThat(settings.permittedCallsInHalfOpenState()).isEqualTo(10);
		CircuitBreakerSettings other = properties.resolve("other").getCircuitBreaker().settings();
		assertThat(other.scope()).isEqualTo(CircuitBreakerSettings.Scope.CHANNEL);
		assertThat(other.failureStatusCodes()).isEqualTo(CircuitBreakerSettings.DEFAULT_FAILURE_STATUS_CODES);
	}

	@Test
	void circuitBreakerValuesOutOfRangeFail() {
		assertInvalid("circuit-breaker.failure-rate-threshold", "0",
				"grpckit.client.channel.echo.circuit-breaker.failure-rate-threshold");
		assertInvalid("circuit-breaker.failure-rate-threshold", "100.5",
				"grpckit.client.channel.echo.circuit-breaker.failure-rate-threshold");
		assertInvalid("circuit-breaker.slow-call-rate-threshold", "-1",
				"grpckit.client.channel.echo.circuit-breaker.slow-call-rate-threshold");
		assertInvalid("circuit-breaker.slow-call-duration-threshold", "0",
				"grpckit.client.channel.echo.circuit-breaker.slow-call-duration-threshold");
		assertInvalid("circuit-breaker.minimum-number-of-calls", "0",
				"grpckit.client.channel.echo.circuit-breaker.minimum-number-of-calls");
		assertInvalid("circuit-breaker.sliding-window-size", "0",
				"grpckit.client.channel.echo.circuit-breaker.sliding-window-size");
		assertInvalid("circuit-breaker.sliding-window-size", "100001",
				"grpckit.client.channel.echo.circuit-breaker.sliding-window-size");
		assertInvalid("circuit-breaker.wait-duration-in-open-state", "0ms",
				"grpckit.client.channel.echo.circuit-breaker.wait-duration-in-open-state");
		assertInvalid("circuit-breaker.permitted-calls-in-half-open-state", "0",
				"grpckit.client.channel.echo.circuit-breaker.permitted-calls-in-half-open-state");
		assertThat(rejected(Map.of("grpckit.client.channel.default.circuit-breaker.failure-status-codes",
				"UNAVAILABLE,OK")))
			.containsExactly("grpckit.client.channel.default.circuit-breaker.failure-status-codes: "
					+ "must not contain OK, which is a success");
		assertThat(rejected(Map.of("grpckit.client.channel.echo.circuit-breaker.failure-rate-threshold", "NaN")))
			.containsExactly("grpckit.client.channel.echo.circuit-breaker.failure-rate-threshold: "
					+ "must be greater than 0 and at most 100 (percent)");
	}

	@Test
	void unknownCircuitBreakerScopeFailsBindingNamingTheProperty() {
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(Map.of("grpckit.client.channel.echo.circuit-breaker.scope", "service")))
			.satisfies((ex) -> assertThat(ex.getProperty().getName().toString())
				.isEqualTo("grpckit.client.channel.echo.circuit-breaker.scope"));
	}

	@Test
	void unknownStatusCodeFailsBindingNamingTheProperty() {
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(Map.of("grpckit.client.channel.echo.method[0].retry.retryable-status-codes",
					"UNAVAILABLE,NOT_A_CODE")))
			.satisfies((ex) -> assertThat(ex.getProperty().getName().toString())
				.isEqualTo("grpckit.client.channel.echo.method[0].retry.retryable-status-codes"));
	}

	@Test
	void unknownLoadBalancingPolicyFailsBindingNamingTheProperty() {
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(Map.of("grpckit.client.channel.echo.load-balancing-policy", "random")))
			.satisfies((ex) -> assertThat(ex.getProperty().getName().toString())
				.isEqualTo("grpckit.client.channel.echo.load-balancing-policy"));
	}

	private void assertInvalid(String property, String value, String expectedName) {
		assertThat(rejected(Map.of("grpckit.client.channel.echo." + property, value)))
			.singleElement(InstanceOfAssertFactories.STRING)
			.startsWith(expectedName + ": must");
	}

	private static List<String> rejected(Map<String, String> entries) {
		return ValidatedBinding.rejected("grpckit.client", new GrpcClientProperties(), entries);
	}

	private static Map<String, Object> serviceConfig(GrpcClientProperties properties, String channel) {
		return new ChannelServiceConfig("grpckit.client.channel." + channel).build(properties.resolve(channel));
	}

	private static GrpcClientProperties bind(Map<String, String> entries) {
		return ValidatedBinding.bind("grpckit.client", new GrpcClientProperties(), entries);
	}

}
