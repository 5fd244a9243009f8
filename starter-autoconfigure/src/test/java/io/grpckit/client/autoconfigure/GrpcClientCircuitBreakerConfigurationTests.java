package io.grpckit.client.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpckit.client.GrpcChannelFactory;
import io.grpckit.client.resilience.ChannelCircuitBreakers;
import io.grpckit.client.resilience.CircuitBreakerSettings;
import io.grpckit.client.resilience.CircuitBreakerSettings.Scope;
import io.grpckit.client.resilience.Resilience4jChannelCircuitBreakers;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link GrpcClientCircuitBreakerConfiguration}, the circuit breakers of
 * {@link GrpcClientAutoConfiguration}.
 */
class GrpcClientCircuitBreakerConfigurationTests {

	private static final String BREAKER = "grpckit.client.channel.echo.circuit-breaker.";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcClientAutoConfiguration.class))
		.withPropertyValues("grpckit.client.channel.echo.target=127.0.0.1:1");

	@Test
	void providesCircuitBreakersAndTheirMeters() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(ChannelCircuitBreakers.class);
			assertThat(context).hasSingleBean(Resilience4jChannelCircuitBreakers.class);
			assertThat(context).hasBean("grpckitCircuitBreakerMetrics");
		});
	}

	@Test
	void noBreakerUnlessEnabled() {
		this.contextRunner.run((context) -> {
			context.getBean(GrpcChannelFactory.class).createChannel("echo");
			assertThat(context.getBean(ChannelCircuitBreakers.class).circuitBreakers("echo")).isEmpty();
		});
	}

	@Test
	void enabledOnTheDefaultChannelEveryChannelHasOne() {
		this.contextRunner
			.withPropertyValues("grpckit.client.channel.default.circuit-breaker.enabled=true",
					"grpckit.client.channel.other.target=127.0.0.1:2")
			.run((context) -> {
				GrpcChannelFactory factory = context.getBean(GrpcChannelFactory.class);
				factory.createChannel("echo");
				factory.createChannel("other");
				ChannelCircuitBreakers breakers = context.getBean(ChannelCircuitBreakers.class);
				assertThat(breakers.circuitBreakers("echo")).singleElement()
					.satisfies((breaker) -> assertThat(breaker.state()).isEqualTo("CLOSED"));
				assertThat(breakers.circuitBreakers("other")).hasSize(1);
			});
	}

	@Test
	void propertiesShapeTheBreaker() {
		this.contextRunner
			.withPropertyValues(BREAKER + "enabled=true", BREAKER + "failure-rate-threshold=25",
					BREAKER + "slow-call-rate-threshold=80", BREAKER + "slow-call-duration-threshold=250",
					BREAKER + "minimum-number-of-calls=3", BREAKER + "sliding-window-size=7",
					BREAKER + "wait-duration-in-open-state=5", BREAKER + "permitted-calls-in-half-open-state=2")
			.run((context) -> {
				context.getBean(GrpcChannelFactory.class).createChannel("echo");
				CircuitBreaker breaker = context.getBean(Resilience4jChannelCircuitBreakers.class)
					.getCircuitBreaker("echo", null);
				assertThat(breaker).isNotNull();
				CircuitBreakerConfig config = breaker.getCircuitBreakerConfig();
				assertThat(config.getFailureRateThreshold()).isEqualTo(25f);
				assertThat(config.getSlowCallRateThreshold()).isEqualTo(80f);
				assertThat(config.getSlowCallDurationThreshold()).isEqualTo(Duration.ofMillis(250));
				assertThat(config.getMinimumNumberOfCalls()).isEqualTo(3);
				assertThat(config.getSlidingWindowSize()).isEqualTo(7);
				assertThat(config.getWaitIntervalFunctionInOpenState().apply(1)).isEqualTo(5000L);
				assertThat(config.getPermittedNumberOfCallsInHalfOpenState()).isEqualTo(2);
			});
	}

	@Test
	void unsetValuesTakeResilience4jDefaults() {
		CircuitBreakerConfig resilience4j = CircuitBreakerConfig.ofDefaults();
		CircuitBreakerSettings defaults = new ChannelCircuitBreakerProperties().settings();
		assertThat(defaults.failureRateThreshold()).isEqualTo(resilience4j.getFailureRateThreshold());
		assertThat(defaults.slowCallRateThreshold()).isEqualTo(resilience4j.getSlowCallRateThreshold());
		assertThat(defaults.slowCallDurationThreshold()).isEqualTo(resilience4j.getSlowCallDurationThreshold());
		assertThat(defaults.minimumNumberOfCalls()).isEqualTo(resilience4j.getMinimumNumberOfCalls());
		assertThat(defaults.slidingWindowSize()).isEqualTo(resilience4j.getSlidingWindowSize());
		assertThat(defaults.waitDurationInOpenState().toMillis())
			.isEqualTo(resilience4j.getWaitIntervalFunctionInOpenState().apply(1));
		assertThat(defaults.permittedCallsInHalfOpenState())
			.isEqualTo(resilience4j.getPermittedNumberOfCallsInHalfOpenState());
		assertThat(defaults.scope()).isEqualTo(Scope.CHANNEL);
		assertThat(defaults.failureStatusCodes()).containsExactlyInAnyOrder(Status.Code.UNAVAILABLE,
				Status.Code.DEADLINE_EXCEEDED, Status.Code.INTERNAL, Status.Code.UNKNOWN);
	}

	@Test
	void backsOffForUserCircuitBreakers() {
		RecordingCircuitBreakers user = new RecordingCircuitBreakers();
		this.contextRunner.withBean(ChannelCircuitBreakers.class, () -> user)
			.withPropertyValues(BREAKER + "enabled=true", BREAKER + "scope=method")
			.run((context) -> {
				assertThat(context.getBean(ChannelCircuitBreakers.class)).isSameAs(user);
				assertThat(context).doesNotHaveBean(Resilience4jChannelCircuitBreakers.class);
				context.getBean(GrpcChannelFactory.class).createChannel("echo");
				assertThat(user.channels).containsExactly("echo");
				assertThat(user.settings).extracting(CircuitBreakerSettings::scope).containsExactly(Scope.METHOD);
			});
	}

	@Test
	void metersFollowTheBreakers() {
		this.contextRunner.withPropertyValues(BREAKER + "enabled=true").run((context) -> {
			MeterRegistry registry = new SimpleMeterRegistry();
			context.getBean("grpckitCircuitBreakerMetrics", MeterBinder.class).bindTo(registry);
			context.getBean(GrpcChannelFactory.class).createChannel("echo");
			assertThat(registry.get("resilience4j.circuitbreaker.state").tag("name", "echo").tag("state", "closed")
				.gauge()
				.value()).isEqualTo(1.0);
		});
	}

	@Test
	void offWithoutResilience4j() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(CircuitBreaker.class)).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(ChannelCircuitBreakers.class);
			assertThat(context).doesNotHaveBean("grpckitCircuitBreakerMetrics");
			assertThat(context.getBean(GrpcChannelFactory.class).createChannel("echo")).isNotNull();
		});
	}

	@Test
	void enabledWithoutResilience4jFailsStartupNamingTheProperty() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(CircuitBreaker.class))
			.withPropertyValues(BREAKER + "enabled=true")
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("grpckit.client.channel.echo.circuit-breaker.enabled")
				.hasMessageContaining("io.github.resilience4j:resilience4j-circuitbreaker"));
	}

	@Test
	void noMetersWithoutResilience4jMicrometer() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(TaggedCircuitBreakerMetrics.class))
			.run((context) -> {
				assertThat(context).hasSingleBean(ChannelCircuitBreakers.class);
				assertThat(context).doesNotHaveBean("grpckitCircuitBreakerMetrics");
			});
	}

	/** A user's breakers: records what the channels asked for, lets every call through. */
	static final class RecordingCircuitBreakers implements ChannelCircuitBreakers {

		final List<String> channels = new ArrayList<>();

		final List<CircuitBreakerSettings> settings = new ArrayList<>();

		@Override
		public ClientInterceptor interceptor(String channel, CircuitBreakerSettings settings) {
			this.channels.add(channel);
			this.settings.add(settings);
			return new ClientInterceptor() {

				@Override
				public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(MethodDescriptor<ReqT, RespT> method,
						CallOptions callOptions, Channel next) {
					return next.newCall(method, callOptions);
				}

			};
		}

		@Override
		public List<BreakerState> circuitBreakers(String channel) {
			return List.of();
		}

	}

}
