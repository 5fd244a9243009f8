package io.grpckit.server.autoconfigure;

import io.grpc.ServerInterceptor;
import io.grpckit.server.interceptor.GlobalServerInterceptor;
import io.grpckit.server.limits.GrpcServerLimits;
import io.grpckit.server.limits.LimitsObserver;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.util.ClassUtils;

/**
 * The server limits of {@code grpckit.server.limits.*}, made when any is set: the limits
 * (applied to each server's builder by {@link ServerCustomizers}), their interceptors and
 * meters.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(ServerLimitsConfiguration.OnLimitsSet.class)
class ServerLimitsConfiguration {

	private static final String RATE_LIMITER = "io.github.resilience4j.ratelimiter.RateLimiter";

	private static final String GRADIENT_LIMIT = "com.netflix.concurrency.limits.limit.Gradient2Limit";

	private static final String SECURITY_CONTEXT = "org.springframework.security.core.context.SecurityContextHolder";

	@Bean
	@ConditionalOnMissingBean
	GrpcServerLimits grpckitServerLimits(GrpcServerProperties properties, ObjectProvider<LimitsObserver> observer,
			ResourceLoader resourceLoader) {
		ServerLimitsProperties limits = properties.getLimits();
		ClassLoader classLoader = resourceLoader.getClassLoader();
		GrpcServerLimits.Builder builder = GrpcServerLimits.builder()
			.maxQueueTime(limits.getMaxQueueTime())
			.retryPushback(limits.getRetryPushback())
			.excludedServices(limits.getExcludedServices())
			.maxKeys(limits.getMaxKeys())
			.observer(LimitsObserver.all(observer.orderedStream().toList()));
		ServerLimitsProperties.Adaptive adaptive = limits.getAdaptive();
		if (adaptive.isEnabled()) {
			require(GRADIENT_LIMIT, classLoader, "grpckit.server.limits.adaptive.enabled=true",
					"com.netflix.concurrency-limits:concurrency-limits-core");
			builder.adaptive(adaptive.getInitialLimit(), adaptive.getMinLimit(), adaptive.getMaxLimit());
		}
		else if (limits.getMaxConcurrentCalls() != null) {
			builder.maxConcurrentCalls(limits.getMaxConcurrentCalls());
		}
		limits.getMethods().forEach((name, method) -> {
			if (method.getRate() != null) {
				require(RATE_LIMITER, classLoader, "grpckit.server.limits.methods[" + name + "].rate",
						"io.github.resilience4j:resilience4j-ratelimiter");
				if ("principal".equals(method.getKey())) {
					require(SECURITY_CONTEXT, classLoader, "grpckit.server.limits.methods[" + name + "].key=principal",
							"Spring Security (spring-boot-starter-security)");
				}
			}
			builder.method(name, method.getMaxConcurrentCalls(), method.getRate(), method.getBurst(), method.getKey());
		});
		return builder.build();
	}

	private static void require(String type, @Nullable ClassLoader classLoader, String setting, String library) {
		if (!ClassUtils.isPresent(type, classLoader)) {
			throw new IllegalStateException(setting + " needs " + library + " on the class path");
		}
	}

	@Bean
	@GlobalServerInterceptor
	ServerInterceptor grpckitLimitsServerInterceptor(GrpcServerLimits limits) {
		return limits.interceptor();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = SECURITY_CONTEXT)
	static class PrincipalRateLimitConfiguration {

		@Bean
		@GlobalServerInterceptor
		ServerInterceptor grpckitPrincipalRateLimitServerInterceptor(GrpcServerLimits limits) {
			return limits.principalRateInterceptor(() -> {
				Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
				return (authentication != null && authentication.isAuthenticated()) ? authentication.getName() : null;
			});
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterBinder.class)
	static class LimitsMetricsConfiguration {

		@Bean
		LimitsMeters grpckitServerLimitsMeters(ObjectProvider<GrpcServerLimits> limits) {
			return new LimitsMeters(limits::getObject);
		}

	}

	/** Matches when any {@code grpckit.server.limits.*} limit is set. */
	static class OnLimitsSet extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			boolean set = Binder.get(context.getEnvironment())
				.bind("grpckit.server.limits", Bindable.of(ServerLimitsProperties.class))
				.map(ServerLimitsProperties::isAnySet)
				.orElse(false);
			return set ? ConditionOutcome.match("grpckit.server.limits sets a limit")
					: ConditionOutcome.noMatch("no grpckit.server.limits set");
		}

	}

}
