package io.grpckit.discovery.autoconfigure.cloud;

import io.grpc.NameResolverProvider;
import io.grpckit.discovery.autoconfigure.DiscoveryProperties;
import io.grpckit.discovery.cloud.GrpcPortRegistrationListener;
import io.grpckit.discovery.cloud.SpringCloudNameResolverProvider;
import io.grpckit.server.GrpcServerLifecycle;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.client.serviceregistry.Registration;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the bridge to Spring Cloud: the {@code spring-cloud:///} resolver
 * over the application's {@link DiscoveryClient} bean, and the bound gRPC port added to its
 * Spring Cloud {@link Registration} as {@code gRPC_port}. Active with spring-cloud-commons on
 * the class path; nothing is looked up before a channel resolves a target.
 */
// after Spring Cloud's DiscoveryClient beans (registry implementations come before the simple one)
@AutoConfiguration(afterName = {
		"org.springframework.cloud.client.discovery.simple.SimpleDiscoveryClientAutoConfiguration",
		"org.springframework.cloud.client.discovery.composite.CompositeDiscoveryClientAutoConfiguration",
		"org.springframework.cloud.client.CommonsClientAutoConfiguration" })
@ConditionalOnClass({ DiscoveryClient.class, NameResolverProvider.class })
@ConditionalOnBooleanProperty(name = "grpckit.discovery.cloud.enabled", matchIfMissing = true)
@EnableConfigurationProperties({ SpringCloudDiscoveryProperties.class, DiscoveryProperties.class })
public final class SpringCloudDiscoveryAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(DiscoveryClient.class)
	SpringCloudNameResolverProvider grpckitSpringCloudNameResolverProvider(ObjectProvider<DiscoveryClient> client,
			SpringCloudDiscoveryProperties properties, DiscoveryProperties discovery) {
		// the client is asked for on the first lookup, not at start-up
		return new SpringCloudNameResolverProvider(client::getObject, properties.getRefreshInterval(),
				discovery.getBackoff().toBackoff());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "grpckit.discovery.cloud.register-port", matchIfMissing = true)
	GrpcPortRegistrationListener grpckitGrpcPortRegistrationListener(ObjectProvider<Registration> registrations,
			ObjectProvider<GrpcServerLifecycle> server) {
		return new GrpcPortRegistrationListener(() -> registrations.orderedStream().toList(), server::getIfAvailable);
	}

}
