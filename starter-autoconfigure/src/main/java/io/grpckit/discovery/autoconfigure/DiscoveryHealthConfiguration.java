package io.grpckit.discovery.autoconfigure;

import java.util.List;

import io.grpckit.discovery.ServiceRegistration;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code grpcRegistration} health contributor. Switch it off with
 * {@code management.health.grpcregistration.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(HealthIndicator.class)
// the registrations, not the lifecycle: this import is evaluated before the lifecycle's
// @Bean method in DiscoveryAutoConfiguration
@ConditionalOnBean(ServiceRegistration.class)
@ConditionalOnEnabledHealthIndicator("grpcregistration")
class DiscoveryHealthConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "grpcRegistrationHealthIndicator")
	RegistrationHealthIndicator grpcRegistrationHealthIndicator(List<ServiceRegistration> registrations) {
		return new RegistrationHealthIndicator(registrations);
	}

}
