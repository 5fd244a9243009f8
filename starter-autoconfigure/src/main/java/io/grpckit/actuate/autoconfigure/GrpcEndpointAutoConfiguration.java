package io.grpckit.actuate.autoconfigure;

import java.time.Duration;

import io.grpc.ManagedChannel;
import io.grpckit.actuate.endpoint.BackendAddressRecorder;
import io.grpckit.actuate.endpoint.GrpcEndpoint;
import io.grpckit.actuate.endpoint.GrpcRegistrationStateProvider;
import io.grpckit.actuate.endpoint.ResolvedAddressRecorder;
import io.grpckit.client.GrpcChannelFactory;
import io.grpckit.client.GrpcChannelTargets;
import io.grpckit.client.autoconfigure.GrpcClientAutoConfiguration;
import io.grpckit.client.resilience.ChannelCircuitBreakers;
import io.grpckit.server.GrpcServerLifecycle;
import io.grpckit.server.GrpcServiceDiscoverer;
import io.grpckit.server.limits.GrpcServerLimits;
import io.grpckit.server.autoconfigure.GrpcServerAutoConfiguration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code grpc} Actuator endpoint, when it is available
 * (enabled and exposed, e.g. {@code management.endpoints.web.exposure.include=grpc}).
 * Only then are the addresses the channels' name resolvers deliver recorded (through a
 * load-balancing policy wrapping the configured one) and the backend addresses of their
 * calls (kept 5 minutes).
 */
@AutoConfiguration(after = { GrpcServerAutoConfiguration.class, GrpcClientAutoConfiguration.class })
@ConditionalOnClass({ Endpoint.class, ManagedChannel.class })
@ConditionalOnAvailableEndpoint(GrpcEndpoint.class)
public final class GrpcEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	GrpcEndpoint grpcEndpoint(ObjectProvider<GrpcServerLifecycle> lifecycle,
			ObjectProvider<GrpcServiceDiscoverer> discoverer, ObjectProvider<GrpcServerLimits> limits,
			ObjectProvider<GrpcChannelFactory> channels,
			ObjectProvider<GrpcChannelTargets> targets, ObjectProvider<ResolvedAddressRecorder> resolvedAddresses,
			ObjectProvider<BackendAddressRecorder> backendAddresses,
			ObjectProvider<ChannelCircuitBreakers> circuitBreakers,
			ObjectProvider<GrpcRegistrationStateProvider> registrations) {
		return new GrpcEndpoint(lifecycle.getIfAvailable(), discoverer.getIfAvailable(), limits.getIfAvailable(),
				channels.getIfAvailable(), targets.getIfAvailable(), resolvedAddresses.getIfAvailable(),
				backendAddresses.getIfAvailable(), circuitBreakers.getIfAvailable(),
				registrations.orderedStream().toList());
	}

	@Bean
	@ConditionalOnBean(GrpcChannelTargets.class)
	@ConditionalOnMissingBean
	BackendAddressRecorder grpckitBackendAddressRecorder() {
		return new BackendAddressRecorder(Duration.ofMinutes(5));
	}

	// the recording policy hands the resolver's results on through grpc-util's graceful switch
	@Bean
	@ConditionalOnBean(GrpcChannelTargets.class)
	@ConditionalOnClass(name = "io.grpc.util.GracefulSwitchLoadBalancer")
	@ConditionalOnMissingBean
	ResolvedAddressRecorder grpckitResolvedAddressRecorder() {
		return new ResolvedAddressRecorder();
	}

}
