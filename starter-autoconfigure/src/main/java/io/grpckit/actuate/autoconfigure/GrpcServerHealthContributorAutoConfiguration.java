package io.grpckit.actuate.autoconfigure;

import io.grpckit.actuate.health.GrpcServerHealthIndicator;
import io.grpckit.server.GrpcServerLifecycle;
import io.grpckit.server.autoconfigure.ConditionalOnGrpcServer;
import io.grpckit.server.autoconfigure.health.GrpcServerHealthAutoConfiguration;
import io.grpckit.server.health.GrpcHealth;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code grpcServer} health contributor, which reports whether
 * the gRPC server serves, and of its place in the readiness group
 * ({@code grpckit.server.health.readiness}).
 */
// after Boot's probe groups exist, so that the readiness group can be extended
@AutoConfiguration(after = GrpcServerHealthAutoConfiguration.class,
		afterName = { "org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration",
				"org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration" })
@ConditionalOnClass({ HealthIndicator.class, GrpcHealth.class })
@ConditionalOnGrpcServer
@ConditionalOnBean(GrpcHealth.class)
public final class GrpcServerHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "grpcServerHealthIndicator")
	GrpcServerHealthIndicator grpcServerHealthIndicator(GrpcServerLifecycle lifecycle, GrpcHealth grpcHealth) {
		return new GrpcServerHealthIndicator(lifecycle, grpcHealth);
	}

	@Bean
	@ConditionalOnClass(HealthEndpointGroupsPostProcessor.class)
	@ConditionalOnBooleanProperty(name = "grpckit.server.health.readiness", matchIfMissing = true)
	static HealthEndpointGroupsPostProcessor grpckitReadinessGroupPostProcessor() {
		return new ReadinessGroupPostProcessor(GrpcServerHealthIndicator.NAME);
	}

}
