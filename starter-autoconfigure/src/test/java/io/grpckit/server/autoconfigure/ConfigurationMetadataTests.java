package io.grpckit.server.autoconfigure;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.grpckit.server.autoconfigure.health.GrpcServerHealthProperties;
import io.grpckit.testsupport.ConfigurationMetadata;
import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration metadata generated for IDEs names every {@code grpckit.server.*}
 * property with a description.
 */
class ConfigurationMetadataTests {

	@Test
	void everyServerPropertyIsDescribed() {
		List<Map<String, Object>> described = ConfigurationMetadata.properties();
		TreeSet<String> expected = new TreeSet<>();
		expected.addAll(ConfigurationMetadata.leafProperties(GrpcServerProperties.class));
		expected.addAll(ConfigurationMetadata.leafProperties(GrpcServerHealthProperties.class));
		expected.add("grpckit.server.health.readiness");
		assertThat(expected).hasSizeGreaterThan(25);
		for (String name : expected) {
			Map<String, Object> entry = described.stream().filter((p) -> name.equals(p.get("name"))).findFirst()
				.orElse(null);
			assertThat(entry).as(name + " in the metadata").isNotNull();
			assertThat((String) entry.get("description")).as(name + " description").isNotBlank();
		}
		described.stream()
			.filter((p) -> ((String) p.get("name")).startsWith("grpckit.server."))
			.forEach((p) -> assertThat((String) p.get("description")).as(p.get("name") + " description")
				.isNotBlank());
	}

}
