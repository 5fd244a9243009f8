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
import io.grpckit.server.autoconfigure.health.GrpcServerHealthProperties;
import org.junit.jupiter.api.Test;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.ConfigurationProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration metadata generated for IDEs names every {@code grpckit.server.*}
 * property with a description.
 */
class ConfigurationMetadataTests {

	@Test
	void everyServerPropertyIsDescribed() throws IOException {
		List<Map<String, Object>> described = metadata();
		TreeSet<String> expected = new TreeSet<>();
		expected.addAll(leafProperties(GrpcServerProperties.class));
		expected.addAll(leafProperties(GrpcServerHealthProperties.class));
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

	private static List<Map<String, Object>> metadata() throws IOException {
		try (InputStream in = ConfigurationMetadataTests.class
			.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			assertThat(in).as("generated metadata").isNotNull();
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
			if (propertyType.getEnclosingClass() != null && propertyType.getName().startsWith("io.grpckit")
					&& !propertyType.isEnum()) {
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
