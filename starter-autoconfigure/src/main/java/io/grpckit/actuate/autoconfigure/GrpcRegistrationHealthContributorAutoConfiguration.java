package io.grpckit.actuate.autoconfigure;

import java.util.List;

import io.grpckit.actuate.health.RegistrationHealthIndicator;
import io.grpckit.discovery.ServiceRegistration;
import io.grpckit.discovery.autoconfigure.DiscoveryAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code grpcRegistration} health contributor, which reports
 * whether this application is registered. Switch it off with
 * {@code management.health.grpcregistration.enabled=false}.
 */
@AutoConfiguration(after = DiscoveryAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(ServiceRegistration.class)
@ConditionalOnEnabledHealthIndicator("grpcregistration")
public final class GrpcRegistrationHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "grpcRegistrationHealthIndicator")
	RegistrationHealthIndicator grpcRegistrationHealthIndicator(List<ServiceRegistration> registrations) {
		return new RegistrationHealthIndicator(registrations);
	}

}
