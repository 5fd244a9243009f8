package io.grpckit.server.autoconfigure;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.grpckit.server.autoconfigure.accesslog.GrpcAccessLogProperties;
import io.grpckit.server.autoconfigure.admin.GrpcAdminProperties;
import io.grpckit.server.autoconfigure.health.GrpcServerHealthProperties;
import io.grpckit.server.autoconfigure.observation.GrpcServerObservationProperties;
import io.grpckit.server.autoconfigure.orca.GrpcServerOrcaProperties;
import io.grpckit.server.autoconfigure.validation.GrpcServerValidationProperties;
import io.grpckit.server.autoconfigure.security.GrpcServerSecurityProperties;
import io.grpckit.testsupport.ConfigurationMetadata;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration metadata generated for IDEs names every {@code grpckit.server.*}
 * property with a description, and grpckit's properties all come from classes.
 */
class ConfigurationMetadataTests {

	@Test
	void everyServerPropertyIsDescribed() {
		List<Map<String, Object>> described = ConfigurationMetadata.properties();
		TreeSet<String> expected = new TreeSet<>();
		expected.addAll(ConfigurationMetadata.leafProperties(GrpcServerProperties.class));
		expected.addAll(ConfigurationMetadata.leafProperties(GrpcServerHealthProperties.class));
		expected.addAll(ConfigurationMetadata.leafProperties(GrpcServerSecurityProperties.class));
		expected.addAll(ConfigurationMetadata.leafProperties(GrpcAdminProperties.class));
		expected.addAll(ConfigurationMetadata.leafProperties(GrpcServerObservationProperties.class));
		expected.addAll(ConfigurationMetadata.leafProperties(GrpcAccessLogProperties.class));
		expected.addAll(ConfigurationMetadata.leafProperties(GrpcServerOrcaProperties.class));
		expected.addAll(ConfigurationMetadata.leafProperties(GrpcServerValidationProperties.class));
		assertThat(expected).contains("grpckit.server.enabled", "grpckit.server.keepalive.connection.max-age",
				"grpckit.server.ssl.client-auth", "grpckit.server.health.readiness",
				"grpckit.server.security.enabled", "grpckit.server.observation.enabled",
				"grpckit.server.access-log.enabled", "grpckit.server.orca.enabled", "grpckit.server.orca.cpu-source",
				"grpckit.server.validation.enabled", "grpckit.server.validation.exclude-methods");
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

	@Test
	void additionalMetadataDeclaresNoGrpckitProperty() {
		// grpckit's flags are fields with javadoc; only Boot's management.* convention stays there,
		// and the defaults of channel values, which are null in the class so that they inherit
		List<Map<String, Object>> additional = ConfigurationMetadata.properties(ConfigurationMetadata.ADDITIONAL);
		assertThat(additional).extracting((p) -> (String) p.get("name"))
			.isNotEmpty()
			.allSatisfy((name) -> assertThat(name).satisfiesAnyOf((n) -> assertThat(n).startsWith("management."),
						(n) -> assertThat(n).startsWith("grpckit.client.channel.default.")));
		assertThat(additional).filteredOn((p) -> ((String) p.get("name")).startsWith("grpckit."))
			.isNotEmpty()
			.allSatisfy((p) -> assertThat(p).containsOnlyKeys("name", "defaultValue"));
	}

}
