package io.grpckit.server.autoconfigure.health;

import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.List;

import io.grpc.BindableService;
import io.grpc.InsecureServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpckit.server.BuilderGrpcServerFactory;
import io.grpckit.server.GrpcServerLifecycle;
import io.grpckit.server.GrpcServiceDiscoverer;
import io.grpckit.server.admin.GrpcHealthProbeServer;
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
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the {@code grpc.health.v1} service, of its link with Spring
 * Boot's health, and of the plaintext probe port ({@code grpckit.server.health.port}). The
 * {@code grpcServer} Actuator health contributor is configured by
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

	// the same health service instance on a plaintext Netty server of its own, with none of
	// the application server's customizers: no TLS, no interceptors, nothing but health
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(NettyServerBuilder.class)
	@ConditionalOnProperty(prefix = "grpckit.server.health", name = "port")
	static class ProbeServerConfiguration {

		@Bean
		@ConditionalOnMissingBean
		GrpcHealthProbeServer grpckitHealthProbeServer(GrpcServerHealthProperties properties, GrpcHealth grpcHealth) {
			// set: the condition says so
			int port = properties.getPort();
			InetSocketAddress address = (properties.getAddress() != null)
					? new InetSocketAddress(properties.getAddress(), port)
					: new InetSocketAddress(port);
			return new GrpcHealthProbeServer(new BuilderGrpcServerFactory(
					() -> NettyServerBuilder.forAddress(address, InsecureServerCredentials.create()), List.of()),
					grpcHealth.getHealthService());
		}

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
