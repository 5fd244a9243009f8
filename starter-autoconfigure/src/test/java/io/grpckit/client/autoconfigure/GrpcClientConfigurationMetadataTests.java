package io.grpckit.client.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.grpc.ClientInterceptor;
import io.grpc.Status;
import io.grpc.internal.GrpcUtil;
import io.grpc.internal.ManagedChannelImplBuilder;
import io.grpckit.client.resilience.CircuitBreakerSettings;
import io.grpckit.client.security.BearerTokenSupplier;
import io.grpckit.testsupport.ConfigurationMetadata;
import org.junit.jupiter.api.Test;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.test.util.ReflectionTestUtils;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generated configuration metadata describes every {@code grpckit.client.*} property,
 * and every channel property under {@code grpckit.client.channel.default.*}, with the
 * defaults that apply when nothing is set and hints, so that IDEs complete channels like the
 * server's properties.
 */
class GrpcClientConfigurationMetadataTests {

	private static final String DEFAULT_CHANNEL = "grpckit.client.channel.default.";

	@Test
	void everyClientPropertyHasADescription() {
		List<Map<String, Object>> properties = clientProperties();
		assertThat(properties).extracting((property) -> property.get("name"))
			.contains("grpckit.client.enabled", "grpckit.client.channel", "grpckit.client.shutdown.grace-period",
					"grpckit.client.health.transient-failure-status", "grpckit.client.observation.enabled");
		assertThat(properties).allSatisfy((property) -> assertThat((String) property.get("description"))
			.as("description of %s", property.get("name"))
			.isNotBlank());
	}

	@Test
	void everyChannelPropertyIsDescribedOnceUnderTheDefaultChannel() {
		List<String> expected = ConfigurationMetadata.leafProperties(DefaultChannelProperties.class);
		assertThat(expected).contains(DEFAULT_CHANNEL + "target", DEFAULT_CHANNEL + "keepalive.time",
				DEFAULT_CHANNEL + "inbound.message.max-size", DEFAULT_CHANNEL + "auth.basic.username",
				DEFAULT_CHANNEL + "retry-throttling.max-tokens", DEFAULT_CHANNEL + "method",
				DEFAULT_CHANNEL + "circuit-breaker.failure-status-codes");
		List<Map<String, Object>> properties = clientProperties();
		for (String name : expected) {
			assertThat(properties).as(name).filteredOn((property) -> name.equals(property.get("name")))
				.singleElement()
				.satisfies((property) -> assertThat((String) property.get("description")).as(name).isNotBlank());
		}
	}

	@Test
	void channelDefaultsAreGrpcJavasOwn() {
		assertThat(duration("idle-timeout")).isEqualTo(Duration.ofMillis(
				(long) ReflectionTestUtils.getField(ManagedChannelImplBuilder.class, "IDLE_MODE_DEFAULT_TIMEOUT_MILLIS")));
		assertThat(duration("keepalive.timeout")).isEqualTo(Duration.ofNanos(GrpcUtil.DEFAULT_KEEPALIVE_TIMEOUT_NANOS));
		assertThat(size("inbound.message.max-size")).isEqualTo(GrpcUtil.DEFAULT_MAX_MESSAGE_SIZE);
		assertThat(size("inbound.metadata.max-size")).isEqualTo(GrpcUtil.DEFAULT_MAX_HEADER_LIST_SIZE);
		assertThat(defaultValue("load-balancing-policy")).isEqualTo("pick-first");
		for (String flag : List.of("gzip", "wait-for-ready", "tls.enabled", "keepalive.without-calls",
				"auth.allow-plaintext")) {
			assertThat(defaultValue(flag)).as(flag).isEqualTo(false);
		}
	}

	@Test
	void circuitBreakerDefaultsAreTheOnesApplied() {
		CircuitBreakerSettings defaults = new ChannelCircuitBreakerProperties().settings();
		assertThat(defaultValue("circuit-breaker.enabled")).isEqualTo(false);
		assertThat(defaultValue("circuit-breaker.scope")).isEqualTo(defaults.scope().name().toLowerCase());
		assertThat(((Number) defaultValue("circuit-breaker.failure-rate-threshold")).floatValue())
			.isEqualTo(defaults.failureRateThreshold());
		assertThat(((Number) defaultValue("circuit-breaker.slow-call-rate-threshold")).floatValue())
			.isEqualTo(defaults.slowCallRateThreshold());
		assertThat(duration("circuit-breaker.slow-call-duration-threshold"))
			.isEqualTo(defaults.slowCallDurationThreshold());
		assertThat(defaultValue("circuit-breaker.minimum-number-of-calls")).isEqualTo(defaults.minimumNumberOfCalls());
		assertThat(defaultValue("circuit-breaker.sliding-window-size")).isEqualTo(defaults.slidingWindowSize());
		assertThat(duration("circuit-breaker.wait-duration-in-open-state"))
			.isEqualTo(defaults.waitDurationInOpenState());
		assertThat(defaultValue("circuit-breaker.permitted-calls-in-half-open-state"))
			.isEqualTo(defaults.permittedCallsInHalfOpenState());
		List<Object> codes = List.copyOf((List<?>) defaultValue("circuit-breaker.failure-status-codes"));
		assertThat(codes).containsExactlyInAnyOrderElementsOf(
				defaults.failureStatusCodes().stream().map(Status.Code::name).toList());
	}

	@Test
	void channelNamesOfferTheDefaultChannelAndAllowAnyOther() {
		Map<String, Object> keys = hint("grpckit.client.channel.keys");
		assertThat(names((List<?>) keys.get("values"), "value")).containsExactly("default");
		assertThat(names((List<?>) keys.get("providers"), "name")).containsExactly("any");
	}

	@Test
	void beanNamesCompleteToBeansOfTheRightType() {
		assertThat(beanReferenceTarget(DEFAULT_CHANNEL + "interceptors")).isEqualTo(ClientInterceptor.class.getName());
		assertThat(beanReferenceTarget(DEFAULT_CHANNEL + "auth.token-supplier"))
			.isEqualTo(BearerTokenSupplier.class.getName());
	}

	private static List<Object> names(List<?> entries, String key) {
		return entries.stream().map((entry) -> (Object) ((Map<?, ?>) entry).get(key)).toList();
	}

	private static Duration duration(String property) {
		return DurationStyle.detectAndParse((String) defaultValue(property));
	}

	private static long size(String property) {
		return DataSize.parse((String) defaultValue(property)).toBytes();
	}

	private static Object defaultValue(String property) {
		String name = DEFAULT_CHANNEL + property;
		return clientProperties().stream()
			.filter((entry) -> name.equals(entry.get("name")))
			.findFirst()
			.map((entry) -> entry.get("defaultValue"))
			.orElseThrow(() -> new AssertionError("no default for " + name));
	}

	private static Map<String, Object> hint(String name) {
		return ConfigurationMetadata.hints()
			.stream()
			.filter((hint) -> name.equals(hint.get("name")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no hint for " + name));
	}

	private static Object beanReferenceTarget(String name) {
		List<?> providers = (List<?>) hint(name).get("providers");
		assertThat(providers).as(name).hasSize(1);
		Map<?, ?> provider = (Map<?, ?>) providers.get(0);
		assertThat(provider.get("name")).isEqualTo("spring-bean-reference");
		return ((Map<?, ?>) provider.get("parameters")).get("target");
	}

	private static List<Map<String, Object>> clientProperties() {
		return ConfigurationMetadata.properties()
			.stream()
			.filter((property) -> ((String) property.get("name")).startsWith("grpckit.client."))
			.toList();
	}

}
