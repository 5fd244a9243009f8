package io.grpckit.discovery.autoconfigure.consul;

import java.util.List;

import io.grpckit.discovery.autoconfigure.DiscoveryProperties;
import io.grpckit.discovery.consul.ConsulConnectionDetails;
import io.grpckit.discovery.consul.ConsulNameResolverProvider;
import io.grpckit.discovery.consul.ConsulServiceRegistration;
import io.grpckit.discovery.consul.internal.ConsulClient;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * Auto-configuration of Consul discovery through the agent's HTTP API: registration of this
 * gRPC server with a gRPC health check, and the {@code consul:///} resolver. Active when
 * {@code grpckit.discovery.consul.url} is set or a {@link ConsulConnectionDetails} bean
 * exists.
 */
@AutoConfiguration
@ConditionalOnClass({ JsonMapper.class, io.grpc.NameResolverProvider.class })
@ConditionalOnBooleanProperty(name = "grpckit.discovery.consul.enabled", matchIfMissing = true)
@Conditional(ConsulDiscoveryAutoConfiguration.ConsulConfiguredCondition.class)
@EnableConfigurationProperties({ ConsulDiscoveryProperties.class, DiscoveryProperties.class })
public final class ConsulDiscoveryAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(ConsulConnectionDetails.class)
	PropertiesConsulConnectionDetails grpckitConsulConnectionDetails(ConsulDiscoveryProperties properties) {
		return new PropertiesConsulConnectionDetails(properties);
	}

	@Bean
	@ConditionalOnMissingBean
	ConsulClient grpckitConsulClient(ConsulConnectionDetails details, ConsulDiscoveryProperties properties) {
		return new ConsulClient(details, properties.getTimeout());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "grpckit.discovery.registration.enabled", matchIfMissing = true)
	@ConditionalOnBooleanProperty(name = "grpckit.discovery.consul.register", matchIfMissing = true)
	ConsulServiceRegistration grpckitConsulServiceRegistration(ConsulClient client,
			ConsulDiscoveryProperties properties, DiscoveryProperties discovery) {
		ConsulServiceRegistration.Settings settings = new ConsulServiceRegistration.Settings(
				List.copyOf(properties.getTags()), properties.getCheckInterval(), properties.getCheckTimeout(),
				properties.getDeregisterCriticalServiceAfter(), properties.getHealInterval(),
				properties.isCheckUseTls());
		return new ConsulServiceRegistration(client, settings, discovery.getBackoff().toBackoff());
	}

	@Bean
	@ConditionalOnMissingBean
	ConsulNameResolverProvider grpckitConsulNameResolverProvider(ConsulClient client,
			ConsulDiscoveryProperties properties, DiscoveryProperties discovery) {
		return new ConsulNameResolverProvider(client, properties.getWait(), discovery.getBackoff().toBackoff());
	}

	static final class ConsulConfiguredCondition extends AnyNestedCondition {

		ConsulConfiguredCondition() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnProperty("grpckit.discovery.consul.url")
		static final class UrlSet {

		}

		@ConditionalOnBean(ConsulConnectionDetails.class)
		static final class ConnectionDetailsBean {

		}

	}

}
