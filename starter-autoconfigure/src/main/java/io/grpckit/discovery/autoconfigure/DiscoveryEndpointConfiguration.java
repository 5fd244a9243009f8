package io.grpckit.discovery.autoconfigure;

import java.util.List;

import io.grpckit.discovery.ServiceRegistration;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code grpcregistration} Actuator endpoint, when exposed.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
// the registrations, not the lifecycle: this import is evaluated before the lifecycle's
// @Bean method in DiscoveryAutoConfiguration
@ConditionalOnBean(ServiceRegistration.class)
class DiscoveryEndpointConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint
	RegistrationEndpoint grpcRegistrationEndpoint(List<ServiceRegistration> registrations) {
		return new RegistrationEndpoint(registrations);
	}

}
