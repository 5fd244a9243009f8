package io.grpckit.discovery.autoconfigure.etcd;

import java.io.File;
import java.nio.charset.StandardCharsets;

import javax.net.ssl.SSLException;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.grpckit.discovery.autoconfigure.DiscoveryProperties;
import io.grpckit.discovery.etcd.EtcdConnectionDetails;
import io.grpckit.discovery.etcd.EtcdNameResolverProvider;
import io.grpckit.discovery.etcd.EtcdServiceRegistration;
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
import org.springframework.util.StringUtils;

/**
 * Auto-configuration of etcd discovery: registration of this gRPC server under
 * {@code grpckit.discovery.etcd.prefix} and the {@code etcd:///} resolver. Active when
 * {@code grpckit.discovery.etcd.endpoints} is set or an {@link EtcdConnectionDetails} bean
 * exists, and jetcd is on the classpath.
 */
@AutoConfiguration
@ConditionalOnClass({ Client.class, JsonMapper.class })
@ConditionalOnBooleanProperty(name = "grpckit.discovery.etcd.enabled", matchIfMissing = true)
@Conditional(EtcdDiscoveryAutoConfiguration.EtcdConfiguredCondition.class)
@EnableConfigurationProperties({ EtcdDiscoveryProperties.class, DiscoveryProperties.class })
public final class EtcdDiscoveryAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(EtcdConnectionDetails.class)
	PropertiesEtcdConnectionDetails grpckitEtcdConnectionDetails(EtcdDiscoveryProperties properties) {
		return new PropertiesEtcdConnectionDetails(properties);
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean(name = "grpckitEtcdClient")
	Client grpckitEtcdClient(EtcdConnectionDetails details, EtcdDiscoveryProperties properties) throws SSLException {
		ClientBuilder builder = Client.builder()
			.endpoints(details.getEndpoints().toArray(String[]::new))
			.connectTimeout(properties.getTimeout());
		if (StringUtils.hasText(details.getUsername())) {
			builder.user(ByteSequence.from(details.getUsername(), StandardCharsets.UTF_8));
			builder.password(ByteSequence.from(String.valueOf(details.getPassword()), StandardCharsets.UTF_8));
		}
		if (StringUtils.hasText(details.getTrustedCertificates())) {
			File certificates = new File(details.getTrustedCertificates());
			builder.sslContext((ssl) -> ssl.trustManager(certificates));
		}
		return builder.build();
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "grpckit.discovery.registration.enabled", matchIfMissing = true)
	@ConditionalOnBooleanProperty(name = "grpckit.discovery.etcd.register", matchIfMissing = true)
	EtcdServiceRegistration grpckitEtcdServiceRegistration(Client grpckitEtcdClient,
			EtcdDiscoveryProperties properties, DiscoveryProperties discovery) {
		return new EtcdServiceRegistration(grpckitEtcdClient, properties.getPrefix(), properties.getTtl(),
				properties.getTimeout(), discovery.getBackoff().toBackoff());
	}

	@Bean
	@ConditionalOnMissingBean
	EtcdNameResolverProvider grpckitEtcdNameResolverProvider(Client grpckitEtcdClient,
			EtcdDiscoveryProperties properties, DiscoveryProperties discovery) {
		return new EtcdNameResolverProvider(grpckitEtcdClient, properties.getPrefix(),
				discovery.getBackoff().toBackoff());
	}

	static final class EtcdConfiguredCondition extends AnyNestedCondition {

		EtcdConfiguredCondition() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnProperty("grpckit.discovery.etcd.endpoints")
		static final class EndpointsSet {

		}

		@ConditionalOnProperty("grpckit.discovery.etcd.endpoints[0]")
		static final class EndpointsListed {

		}

		@ConditionalOnBean(EtcdConnectionDetails.class)
		static final class ConnectionDetailsBean {

		}

	}

}
