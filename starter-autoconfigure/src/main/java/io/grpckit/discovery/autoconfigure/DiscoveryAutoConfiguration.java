package io.grpckit.discovery.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.grpc.NameResolverProvider;
import io.grpckit.discovery.DiscoveryNameResolverProvider;
import io.grpckit.discovery.RegistrationLifecycle;
import io.grpckit.discovery.ServiceInstance;
import io.grpckit.discovery.ServiceRegistration;
import io.grpckit.discovery.autoconfigure.cloud.SpringCloudDiscoveryAutoConfiguration;
import io.grpckit.discovery.autoconfigure.consul.ConsulDiscoveryAutoConfiguration;
import io.grpckit.discovery.autoconfigure.etcd.EtcdDiscoveryAutoConfiguration;
import io.grpckit.discovery.autoconfigure.kubernetes.KubernetesDiscoveryAutoConfiguration;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Auto-configuration shared by the discovery backends: the {@link RegistrationLifecycle}
 * that registers this gRPC server once it serves and deregisters it at shutdown, the
 * {@code discovery:///} resolver, and the registration's health, endpoint and metrics.
 */
@AutoConfiguration(after = { EtcdDiscoveryAutoConfiguration.class, ConsulDiscoveryAutoConfiguration.class,
		KubernetesDiscoveryAutoConfiguration.class, SpringCloudDiscoveryAutoConfiguration.class })
@EnableConfigurationProperties(DiscoveryProperties.class)
@Import(DiscoveryMetricsConfiguration.class)
public final class DiscoveryAutoConfiguration {

	private static final List<String> BACKENDS = List.of("etcd", "consul", "kubernetes");

	// kubernetes:/// is there on Kubernetes, not because a registry was configured:
	// discovery:/// uses it only when chosen
	private static final String KUBERNETES = "kubernetes";

	// used by discovery:/// only when no backend of the kit is configured, as in grpc-spring
	private static final String SPRING_CLOUD = "spring-cloud";

	@Bean
	@ConditionalOnBean(ServiceRegistration.class)
	@ConditionalOnMissingBean
	RegistrationLifecycle grpckitRegistrationLifecycle(List<ServiceRegistration> registrations,
			DiscoveryProperties properties, Environment environment) {
		return new RegistrationLifecycle(registrations, instanceTemplate(properties, environment),
				properties.getRegistration().getDeregisterTimeout());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(NameResolverProvider.class)
	@Nullable DiscoveryNameResolverProvider grpckitDiscoveryNameResolverProvider(
			ObjectProvider<NameResolverProvider> providers, DiscoveryProperties properties) {
		List<NameResolverProvider> candidates = providers.orderedStream()
			.filter((provider) -> BACKENDS.contains(provider.getDefaultScheme())
					|| SPRING_CLOUD.equals(provider.getDefaultScheme()))
			.toList();
		String wanted = properties.getBackend();
		if (wanted != null) {
			return candidates.stream()
				.filter((provider) -> provider.getDefaultScheme().equals(wanted))
				.findFirst()
				.map(DiscoveryNameResolverProvider::new)
				.orElseThrow(() -> new InvalidConfigurationPropertyValueException("grpckit.discovery.backend", wanted,
						"no such backend is configured (configured: "
								+ candidates.stream().map(NameResolverProvider::getDefaultScheme).toList() + ")"));
		}
		// etcd or Consul when one is configured; kubernetes:/// is there on Kubernetes, not because
		// a registry was configured, so discovery:/// uses it only when chosen
		List<NameResolverProvider> registries = candidates.stream()
			.filter((provider) -> !KUBERNETES.equals(provider.getDefaultScheme())
					&& !SPRING_CLOUD.equals(provider.getDefaultScheme()))
			.toList();
		if (registries.size() > 1) {
			throw new InvalidConfigurationPropertyValueException("grpckit.discovery.backend", null,
					"etcd and Consul are both configured; choose the one discovery:/// targets use");
		}
		if (registries.isEmpty()) {
			// only Spring Cloud's DiscoveryClient: what discovery:/// meant in grpc-spring
			return candidates.stream()
				.filter((provider) -> SPRING_CLOUD.equals(provider.getDefaultScheme()))
				.findFirst()
				.map(DiscoveryNameResolverProvider::new)
				.orElse(null);
		}
		return new DiscoveryNameResolverProvider(registries.get(0));
	}

	static ServiceInstance instanceTemplate(DiscoveryProperties properties, Environment environment) {
		String service = properties.getServiceName();
		if (!StringUtils.hasText(service)) {
			service = environment.getProperty("spring.application.name", "application");
		}
		String instanceId = properties.getInstanceId();
		if (!StringUtils.hasText(instanceId)) {
			instanceId = service + "-" + UUID.randomUUID().toString().substring(0, 8);
		}
		String host = StringUtils.hasText(properties.getHost()) ? properties.getHost() : HostAddresses.nonLoopback();
		Map<String, String> metadata = new LinkedHashMap<>(properties.getMetadata());
		if (StringUtils.hasText(properties.getVersion())) {
			metadata.put(ServiceInstance.VERSION, properties.getVersion());
		}
		if (StringUtils.hasText(properties.getZone())) {
			metadata.put(ServiceInstance.ZONE, properties.getZone());
		}
		return new ServiceInstance(service, instanceId, host, 0, metadata);
	}

}
