package io.grpckit.discovery.autoconfigure;

import java.util.List;

import io.grpckit.discovery.RegistrationState;
import io.grpckit.discovery.ServiceRegistration;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Gauge {@code grpckit.discovery.registration}, tagged with backend and state: 1 for the
 * current state, 0 for the others.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(MeterRegistry.class)
// the registrations, not the lifecycle: this import is evaluated before the lifecycle's
// @Bean method in DiscoveryAutoConfiguration
@ConditionalOnBean(ServiceRegistration.class)
class DiscoveryMetricsConfiguration {

	@Bean
	MeterBinder grpckitRegistrationMetrics(List<ServiceRegistration> registrations) {
		return (registry) -> {
			for (ServiceRegistration registration : registrations) {
				for (RegistrationState state : RegistrationState.values()) {
					Gauge.builder("grpckit.discovery.registration",
							() -> (registration.getStatus().state() == state) ? 1 : 0)
						.description("Registration state of this instance in a discovery backend")
						.tag("backend", registration.getBackend())
						.tag("state", state.name().toLowerCase())
						.register(registry);
				}
			}
		};
	}

}
