package io.grpckit.server.autoconfigure;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.grpc.ServerInterceptor;
import io.grpckit.InterceptorOrder;
import io.grpckit.server.limits.GrpcServerLimits;
import io.grpckit.testsupport.EchoService;
import io.grpckit.testsupport.FailureAnalyses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.Ordered;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the server limits are made, and how a bad limit fails start-up.
 */
class ServerLimitsConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcServerAutoConfiguration.class))
		.withBean(EchoService.class)
		.withPropertyValues("grpckit.server.port=0");

	@Test
	void nothingIsLimitedByDefault() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(GrpcServerLimits.class);
			assertThat(context).doesNotHaveBean("grpckitLimitsServerInterceptor");
		});
	}

	@Test
	void aLimitMakesTheLimitsAndTheirInterceptorsInTheirPlaceInTheChain() {
		this.runner.withPropertyValues("grpckit.server.limits.max-concurrent-calls=10").run((context) -> {
			assertThat(context).hasSingleBean(GrpcServerLimits.class);
			ServerInterceptor limits = context.getBean("grpckitLimitsServerInterceptor", ServerInterceptor.class);
			assertThat(((Ordered) limits).getOrder()).isEqualTo(InterceptorOrder.LIMITS)
				.isGreaterThan(InterceptorOrder.OBSERVATION)
				.isLessThan(InterceptorOrder.EXCEPTION_MAPPING);
			ServerInterceptor principal = context.getBean("grpckitPrincipalRateLimitServerInterceptor",
					ServerInterceptor.class);
			assertThat(((Ordered) principal).getOrder()).isGreaterThan(InterceptorOrder.SECURITY);
			assertThat(context.getBean(GrpcServerLimits.class).state()).singleElement()
				.satisfies((state) -> assertThat(state.limit()).isEqualTo(10));
		});
	}

	@Test
	void methodLimitsAreBoundFromBracketedKeys() {
		this.runner
			.withPropertyValues("grpckit.server.limits.methods[grpckit.test.Echo/Unary].max-concurrent-calls=3",
					"grpckit.server.limits.methods[grpckit.test.Echo/*].rate=2.5",
					"grpckit.server.limits.methods[grpckit.test.Echo/*].key=header:x-tenant")
			.run((context) -> assertThat(context.getBean(GrpcServerLimits.class).state()).extracting(
					GrpcServerLimits.LimitState::scope, GrpcServerLimits.LimitState::kind,
					GrpcServerLimits.LimitState::limit, GrpcServerLimits.LimitState::rate,
					GrpcServerLimits.LimitState::burst, GrpcServerLimits.LimitState::key)
				.containsExactly(
						org.assertj.core.groups.Tuple.tuple("grpckit.test.Echo/*", "rate", null, 2.5, 3,
								"header:x-tenant"),
						org.assertj.core.groups.Tuple.tuple("grpckit.test.Echo/Unary", "concurrency", 3, null, null,
								null)));
	}

	@Test
	void theUserCanSupplyTheLimits() {
		GrpcServerLimits own = GrpcServerLimits.builder().maxConcurrentCalls(7).build();
		this.runner.withPropertyValues("grpckit.server.limits.max-concurrent-calls=10")
			.withBean(GrpcServerLimits.class, () -> own)
			.run((context) -> assertThat(context.getBean(GrpcServerLimits.class)).isSameAs(own));
	}

	@Test
	void aRateWithoutResilience4jFailsStartUpNamingTheLibrary() {
		this.runner.withClassLoader(new FilteredClassLoader(RateLimiter.class))
			.withPropertyValues("grpckit.server.limits.methods[grpckit.test.Echo/Unary].rate=5")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage("grpckit.server.limits.methods[grpckit.test.Echo/Unary].rate needs "
						+ "io.github.resilience4j:resilience4j-ratelimiter on the class path"));
	}

	@Test
	void anAdaptiveLimitWithoutConcurrencyLimitsFailsStartUpNamingTheLibrary() {
		this.runner.withClassLoader(new FilteredClassLoader("com.netflix.concurrency.limits"))
			.withPropertyValues("grpckit.server.limits.adaptive.enabled=true")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage("grpckit.server.limits.adaptive.enabled=true needs "
						+ "com.netflix.concurrency-limits:concurrency-limits-core on the class path"));
	}

	@Test
	void aPrincipalKeyWithoutSpringSecurityFailsStartUp() {
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.security"))
			.withPropertyValues("grpckit.server.limits.methods[grpckit.test.Echo/Unary].rate=5",
					"grpckit.server.limits.methods[grpckit.test.Echo/Unary].key=principal")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("key=principal needs Spring Security"));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			grpckit.server.limits.max-concurrent-calls                            | 0         | must be at least 1
			grpckit.server.limits.max-queue-time                                  | 0ms       | must be greater than 0s
			grpckit.server.limits.max-keys                                        | 0         | must be at least 1
			grpckit.server.limits.retry-pushback                                  | -5ms      | or -1 to ask clients not to retry
			grpckit.server.limits.methods[grpckit.test.Echo/Unary].max-concurrent-calls | 0   | must be at least 1
			grpckit.server.limits.methods[grpckit.test.Echo/Unary].rate           | 0         | must be more than 0 calls per second
			grpckit.server.limits.methods[grpckit.test.Echo/Unary].key            | tenant    | must be none, principal or header:<name>
			grpckit.server.limits.methods[grpckit.test.Echo/Unary].key            | header:X-T| header:<name> needs a lower-case ASCII header name
			grpckit.server.limits.methods[Unary].max-concurrent-calls             | 1         | expected package.Service/Method or package.Service/*
			""")
	void aBadLimitFailsStartUpNamingTheProperty(String property, String value, String reason) {
		this.runner.withPropertyValues(property + "=" + value)
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = FailureAnalyses.analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains(reason);
			});
	}

	@Test
	void aFixedAndAnAdaptiveLimitTogetherFailStartUp() {
		this.runner
			.withPropertyValues("grpckit.server.limits.max-concurrent-calls=10",
					"grpckit.server.limits.adaptive.enabled=true")
			.run((context) -> assertThat(FailureAnalyses.analyze(context.getStartupFailure()).getDescription())
				.contains("Property: grpckit.server.limits.max-concurrent-calls")
				.contains("set either a fixed limit or limits.adaptive.enabled=true, not both"));
	}

}
