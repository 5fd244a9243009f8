package io.grpckit.discovery.autoconfigure.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.grpckit.discovery.autoconfigure.DiscoveryProperties;
import io.grpckit.discovery.kubernetes.KubernetesNameResolverProvider;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code kubernetes:///} resolver, active when fabric8's
 * kubernetes-client is on the class path. Nothing connects at start-up: the client is created
 * when the first channel resolves a {@code kubernetes:///} target. Servers register nothing:
 * Kubernetes publishes ready pods in the Service's EndpointSlices itself.
 */
@AutoConfiguration
@ConditionalOnClass({ KubernetesClient.class, io.grpc.NameResolverProvider.class })
@ConditionalOnBooleanProperty(name = "grpckit.discovery.kubernetes.enabled", matchIfMissing = true)
@EnableConfigurationProperties({ KubernetesDiscoveryProperties.class, DiscoveryProperties.class })
public final class KubernetesDiscoveryAutoConfiguration {

	@Bean
	LazyKubernetesClient grpckitKubernetesClient(ObjectProvider<KubernetesClient> userClient,
			KubernetesDiscoveryProperties properties) {
		return new LazyKubernetesClient(userClient, LazyKubernetesClient.Settings.of(properties));
	}

	@Bean
	@ConditionalOnMissingBean
	KubernetesNameResolverProvider grpckitKubernetesNameResolverProvider(LazyKubernetesClient grpckitKubernetesClient,
			KubernetesDiscoveryProperties properties, DiscoveryProperties discovery) {
		return new KubernetesNameResolverProvider(grpckitKubernetesClient, properties.getNamespace(),
				discovery.getBackoff().toBackoff());
	}

}
