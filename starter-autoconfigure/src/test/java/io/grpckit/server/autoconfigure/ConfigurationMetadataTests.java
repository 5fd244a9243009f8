package io.grpckit.server.autoconfigure;

import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import com.jayway.jsonpath.JsonPath;
import io.grpckit.server.autoconfigure.accesslog.GrpcAccessLogProperties;
import io.grpckit.server.autoconfigure.admin.GrpcAdminProperties;
import io.grpckit.server.autoconfigure.health.GrpcServerHealthProperties;
import io.grpckit.server.autoconfigure.observation.GrpcServerObservationProperties;
import io.grpckit.server.autoconfigure.security.GrpcServerSecurityProperties;
import org.junit.jupiter.api.Test;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.ConfigurationProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration metadata generated for IDEs names every {@code grpckit.server.*}
 * property with a description, and grpckit's properties all come from classes.
 */
class ConfigurationMetadataTests {

	@Test
	void everyServerPropertyIsDescribed() throws IOException {
		List<Map<String, Object>> described = metadata("/META-INF/spring-configuration-metadata.json");
		TreeSet<String> expected = new TreeSet<>();
		expected.addAll(leafProperties(GrpcServerProperties.class));
		expected.addAll(leafProperties(GrpcServerHealthProperties.class));
		expected.addAll(leafProperties(GrpcServerSecurityProperties.class));
		expected.addAll(leafProperties(GrpcAdminProperties.class));
		expected.addAll(leafProperties(GrpcServerObservationProperties.class));
		expected.addAll(leafProperties(GrpcAccessLogProperties.class));
		assertThat(expected).contains("grpckit.server.enabled", "grpckit.server.keepalive.connection.max-age",
				"grpckit.server.ssl.client-auth", "grpckit.server.health.readiness",
				"grpckit.server.security.enabled", "grpckit.server.observation.enabled",
				"grpckit.server.access-log.enabled");
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
	void additionalMetadataDeclaresNoGrpckitProperty() throws IOException {
		// grpckit's flags are fields with javadoc; only Boot's management.* convention stays there
		assertThat(metadata("/META-INF/additional-spring-configuration-metadata.json"))
			.extracting((p) -> (String) p.get("name"))
			.isNotEmpty()
			.allSatisfy((name) -> assertThat(name).startsWith("management."));
	}

	private static List<Map<String, Object>> metadata(String resource) throws IOException {
		try (InputStream in = ConfigurationMetadataTests.class.getResourceAsStream(resource)) {
			assertThat(in).as(resource).isNotNull();
			return JsonPath.read(new String(in.readAllBytes(), StandardCharsets.UTF_8), "$.properties[*]");
		}
	}

	private static List<String> leafProperties(Class<?> type) {
		String prefix = type.getAnnotation(ConfigurationProperties.class).value();
		List<String> names = new ArrayList<>();
		collect(type, prefix, names);
		return names;
	}

	private static void collect(Class<?> type, String prefix, List<String> names) {
		for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(type)) {
			if (property.getReadMethod() == null || property.getName().equals("class")) {
				continue;
			}
			String name = prefix + "." + kebab(property.getName());
			Class<?> propertyType = property.getPropertyType();
			// groups are nested classes or their own top-level classes; enums are values
			if (propertyType.getName().startsWith("io.grpckit") && !propertyType.isEnum()) {
				collect(propertyType, name, names);
			}
			else {
				names.add(name);
			}
		}
	}

	private static String kebab(String camel) {
		return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
	}

}
