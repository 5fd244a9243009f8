package io.grpckit.client.autoconfigure;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.grpckit.client.resilience.ChannelCircuitBreakers;
import io.grpckit.client.resilience.Resilience4jChannelCircuitBreakers;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Circuit breakers of channels, when Resilience4j is on the classpath: the
 * {@link ChannelCircuitBreakers} that channels with
 * {@code grpckit.client.channel.<name>.circuit-breaker.enabled=true} take their breaker
 * from, and, with resilience4j-micrometer, Resilience4j's meters of those breakers
 * ({@code resilience4j.circuitbreaker.*}, tagged with the breaker name).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(CircuitBreaker.class)
class GrpcClientCircuitBreakerConfiguration {

	@Bean
	@ConditionalOnMissingBean(ChannelCircuitBreakers.class)
	Resilience4jChannelCircuitBreakers grpcChannelCircuitBreakers() {
		return new Resilience4jChannelCircuitBreakers();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ TaggedCircuitBreakerMetrics.class, MeterBinder.class })
	static class CircuitBreakerMetricsConfiguration {

		// a user's own ChannelCircuitBreakers has no registry of ours to bind
		@Bean
		MeterBinder grpckitCircuitBreakerMetrics(ObjectProvider<Resilience4jChannelCircuitBreakers> circuitBreakers) {
			return (registry) -> circuitBreakers.ifAvailable((breakers) -> TaggedCircuitBreakerMetrics
				.ofCircuitBreakerRegistry(breakers.getRegistry())
				.bindTo(registry));
		}

	}

}
