package io.grpckit.client.autoconfigure;

import java.util.List;
import java.util.Map;

import io.grpckit.testsupport.ConfigurationMetadata;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generated configuration metadata describes every {@code grpckit.client.*} property.
 */
class GrpcClientConfigurationMetadataTests {

	@Test
	void everyClientPropertyHasADescription() {
		List<Map<String, Object>> properties = clientProperties();
		assertThat(properties).extracting((property) -> property.get("name"))
			.contains("grpckit.client.enabled", "grpckit.client.channel", "grpckit.client.shutdown.grace-period",
					"grpckit.client.health.transient-failure-status", "grpckit.client.observation.enabled");
		assertThat(properties).allSatisfy((property) -> assertThat((String) property.get("description"))
			.as("description of %s", property.get("name"))
			.isNotBlank());
	}

	private static List<Map<String, Object>> clientProperties() {
		return ConfigurationMetadata.properties()
			.stream()
			.filter((property) -> ((String) property.get("name")).startsWith("grpckit.client."))
			.toList();
	}

}
