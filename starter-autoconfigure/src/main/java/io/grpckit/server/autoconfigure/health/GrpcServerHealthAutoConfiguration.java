package io.grpckit.server.autoconfigure.health;

import java.util.HashSet;

import io.grpc.BindableService;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpckit.server.GrpcServerLifecycle;
import io.grpckit.server.GrpcServiceDiscoverer;
import io.grpckit.server.autoconfigure.ConditionalOnGrpcServer;
import io.grpckit.server.autoconfigure.GrpcServerAutoConfiguration;
import io.grpckit.server.health.GrpcHealth;
import io.grpckit.server.health.GrpcHealthUpdater;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the {@code grpc.health.v1} service and of its link with Spring
 * Boot's health. The {@code grpcServer} Actuator health contributor is configured by
 * {@code GrpcServerHealthContributorAutoConfiguration}.
 */
// after Boot's health endpoint, which the link reads
@AutoConfiguration(after = GrpcServerAutoConfiguration.class,
		afterName = "org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration")
@ConditionalOnClass(HealthStatusManager.class)
@ConditionalOnGrpcServer
@ConditionalOnBooleanProperty(name = "grpckit.server.health.enabled", matchIfMissing = true)
@EnableConfigurationProperties(GrpcServerHealthProperties.class)
public final class GrpcServerHealthAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	GrpcHealth grpckitHealth() {
		return new GrpcHealth();
	}

	@Bean
	BindableService grpckitHealthService(GrpcHealth grpcHealth) {
		return grpcHealth.getHealthService();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthEndpoint.class)
	@ConditionalOnBean(HealthEndpoint.class)
	@ConditionalOnBooleanProperty(name = "grpckit.server.health.actuator.enabled", matchIfMissing = true)
	static class ActuatorHealthConfiguration {

		@Bean
		@ConditionalOnMissingBean
		GrpcHealthUpdater grpckitHealthUpdater(GrpcHealth grpcHealth, HealthEndpoint healthEndpoint,
				GrpcServerHealthProperties properties, GrpcServerLifecycle lifecycle) {
			GrpcServerHealthProperties.Actuator actuator = properties.getActuator();
			return new GrpcHealthUpdater(grpcHealth, (path) -> statusOf(healthEndpoint, path),
					new HashSet<>(actuator.getNotServingStatuses()), actuator.getServices(), actuator.getUpdateRate(),
					lifecycle::getServiceNames);
		}

		@Bean
		HealthServiceNamesCheck grpckitHealthServiceNamesCheck(GrpcServerHealthProperties properties,
				GrpcServiceDiscoverer discoverer) {
			return new HealthServiceNamesCheck(properties.getActuator().getServices(), discoverer);
		}

		private static @Nullable String statusOf(HealthEndpoint endpoint, @Nullable String path) {
			HealthDescriptor descriptor = (path != null) ? endpoint.healthForPath(path.split("/")) : endpoint.health();
			return (descriptor != null) ? descriptor.getStatus().getCode() : null;
		}

	}

}
