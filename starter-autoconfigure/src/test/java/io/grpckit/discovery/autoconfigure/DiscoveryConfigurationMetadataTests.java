package io.grpckit.discovery.autoconfigure;

import java.util.List;
import java.util.Map;

import io.grpckit.testsupport.ConfigurationMetadata;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration metadata IDEs read describes every {@code grpckit.discovery.*} property.
 */
class DiscoveryConfigurationMetadataTests {

	@Test
	void everyDiscoveryPropertyIsDescribed() {
		List<Map<String, Object>> properties = ConfigurationMetadata.properties(ConfigurationMetadata.GENERATED);
		properties.addAll(ConfigurationMetadata.properties(ConfigurationMetadata.ADDITIONAL));
		List<String> names = properties.stream()
			.map((p) -> (String) p.get("name"))
			.filter((name) -> name.startsWith("grpckit.discovery."))
			.toList();
		assertThat(names).contains("grpckit.discovery.service-name", "grpckit.discovery.instance-id",
				"grpckit.discovery.host", "grpckit.discovery.metadata", "grpckit.discovery.backoff.initial",
				"grpckit.discovery.registration.deregister-timeout", "grpckit.discovery.etcd.endpoints",
				"grpckit.discovery.etcd.ttl", "grpckit.discovery.etcd.prefix", "grpckit.discovery.etcd.enabled",
				"grpckit.discovery.consul.url", "grpckit.discovery.consul.token",
				"grpckit.discovery.consul.deregister-critical-service-after", "grpckit.discovery.consul.enabled",
				"grpckit.discovery.kubernetes.enabled", "grpckit.discovery.kubernetes.api-url",
				"grpckit.discovery.kubernetes.namespace", "grpckit.discovery.kubernetes.token-file",
				"grpckit.discovery.kubernetes.ca-file", "grpckit.discovery.kubernetes.trust-certificates",
				"grpckit.discovery.kubernetes.connect-timeout");
		assertThat(names).contains("grpckit.discovery.cloud.enabled", "grpckit.discovery.cloud.refresh-interval",
				"grpckit.discovery.cloud.register-port");
		properties.stream()
			.filter((p) -> ((String) p.get("name")).startsWith("grpckit.discovery."))
			.forEach((p) -> assertThat((String) p.get("description")).as(p.get("name") + " description")
				.isNotBlank());
	}

}
