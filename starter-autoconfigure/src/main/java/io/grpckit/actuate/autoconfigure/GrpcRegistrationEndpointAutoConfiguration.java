package io.grpckit.actuate.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.grpckit.actuate.endpoint.GrpcEndpoint;
import io.grpckit.actuate.endpoint.GrpcRegistrationStateProvider;
import io.grpckit.actuate.endpoint.RegistrationEndpoint;
import io.grpckit.discovery.RegistrationStatus;
import io.grpckit.discovery.ServiceInstance;
import io.grpckit.discovery.ServiceRegistration;
import io.grpckit.discovery.autoconfigure.DiscoveryAutoConfiguration;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of what Actuator shows of this application's registrations: the
 * {@code grpcregistration} endpoint, when exposed, and the registrations section of the
 * {@code grpc} endpoint.
 */
@AutoConfiguration(after = DiscoveryAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
// the registrations, not the lifecycle: a backend's registration is what an operator pauses
@ConditionalOnBean(ServiceRegistration.class)
public final class GrpcRegistrationEndpointAutoConfiguration {

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
		return () -> registrations.stream().map(GrpcRegistrationEndpointAutoConfiguration::describe).toList();
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
