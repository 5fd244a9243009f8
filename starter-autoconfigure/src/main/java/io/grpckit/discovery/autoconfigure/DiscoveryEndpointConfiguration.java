package io.grpckit.discovery.autoconfigure;

import io.grpckit.discovery.RegistrationLifecycle;

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
@ConditionalOnBean(RegistrationLifecycle.class)
class DiscoveryEndpointConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint
	RegistrationEndpoint grpcRegistrationEndpoint(RegistrationLifecycle lifecycle) {
		return new RegistrationEndpoint(lifecycle.getRegistrations());
	}

}
