package io.grpckit.discovery.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.grpckit.actuate.GrpcEndpoint;
import io.grpckit.actuate.GrpcRegistrationStateProvider;
import io.grpckit.discovery.RegistrationStatus;
import io.grpckit.discovery.ServiceInstance;
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

	/**
	 * The registrations in the {@code grpc} endpoint too.
	 */
	@Bean
	@ConditionalOnClass(GrpcRegistrationStateProvider.class)
	GrpcRegistrationStateProvider grpckitRegistrationStateProvider(List<ServiceRegistration> registrations) {
		return () -> registrations.stream().map(DiscoveryEndpointConfiguration::describe).toList();
	}

	private static GrpcEndpoint.RegistrationDescriptor describe(ServiceRegistration registration) {
		ServiceInstance instance = registration.getInstance();
		RegistrationStatus status = registration.getStatus();
		Map<String, Object> details = new LinkedHashMap<>();
		if (instance != null) {
			details.put("instanceId", instance.instanceId());
			details.put("address", instance.host() + ":" + instance.port());
		}
		if (status.reason() != null) {
			details.put("reason", status.reason());
		}
		details.put("since", String.valueOf(status.since()));
		return new GrpcEndpoint.RegistrationDescriptor(registration.getBackend(),
				(instance != null) ? instance.serviceName() : null, status.state().name(), details);
	}

}
