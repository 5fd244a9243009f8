package io.grpckit.discovery.autoconfigure.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.grpckit.discovery.autoconfigure.DiscoveryProperties;
import io.grpckit.discovery.kubernetes.KubernetesNameResolverProvider;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.cloud.CloudPlatform;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Auto-configuration of the {@code kubernetes:///} resolver, with fabric8's kubernetes-client
 * on the class path, when the application runs on Kubernetes (Spring Boot's detection:
 * {@code KUBERNETES_SERVICE_HOST}), {@code grpckit.discovery.kubernetes.api-url} is set, or
 * {@code grpckit.discovery.kubernetes.enabled=true}; {@code enabled=false} switches it off.
 * Nothing connects at start-up: the client is created when the first channel resolves a
 * {@code kubernetes:///} target. Servers register nothing: Kubernetes publishes ready pods in
 * the Service's EndpointSlices itself.
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

	// decided when the application starts, not by a condition: under Spring AOT conditions are
	// settled at build time, where neither Kubernetes nor the API URL is known
	@Bean
	@ConditionalOnMissingBean
	@Nullable KubernetesNameResolverProvider grpckitKubernetesNameResolverProvider(
			LazyKubernetesClient grpckitKubernetesClient, KubernetesDiscoveryProperties properties,
			DiscoveryProperties discovery, Environment environment) {
		if (!isWanted(properties, environment)) {
			return null;
		}
		return new KubernetesNameResolverProvider(grpckitKubernetesClient, properties.getNamespace(),
				discovery.getBackoff().toBackoff());
	}

	// not merely on the class path: a resolver registered in grpc-java's global registry by
	// every application that happens to carry fabric8 would shadow the one meant
	static boolean isWanted(KubernetesDiscoveryProperties properties, Environment environment) {
		Boolean enabled = environment.getProperty("grpckit.discovery.kubernetes.enabled", Boolean.class);
		if (enabled != null) {
			return enabled;
		}
		return CloudPlatform.KUBERNETES.isActive(environment) || StringUtils.hasText(properties.getApiUrl());
	}

}
