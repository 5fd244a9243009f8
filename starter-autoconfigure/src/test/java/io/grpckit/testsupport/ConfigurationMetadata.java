package io.grpckit.testsupport;

import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.ConfigurationProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads the configuration metadata on the class path, which IDEs read to complete and
 * describe properties.
 */
public final class ConfigurationMetadata {

	/** The metadata the configuration processor generates, additional metadata merged in. */
	public static final String GENERATED = "/META-INF/spring-configuration-metadata.json";

	/** The hand-written metadata of properties without a field. */
	public static final String ADDITIONAL = "/META-INF/additional-spring-configuration-metadata.json";

	private ConfigurationMetadata() {
	}

	/**
	 * Return every property entry of the generated metadata.
	 * @return each entry as a map, e.g. {@code name} and {@code description}
	 */
	public static List<Map<String, Object>> properties() {
		return properties(GENERATED);
	}

	/**
	 * Return every property entry of a metadata file, which must exist.
	 * @param resource the class path resource, e.g. {@link #ADDITIONAL}
	 * @return each entry as a map, in a list the caller may change
	 */
	public static List<Map<String, Object>> properties(String resource) {
		try (InputStream in = ConfigurationMetadata.class.getResourceAsStream(resource)) {
			assertThat(in).as(resource).isNotNull();
			return new ArrayList<>(
					JsonPath.read(new String(in.readAllBytes(), StandardCharsets.UTF_8), "$.properties[*]"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Return every hint entry of the generated metadata: values and value providers IDEs
	 * offer for a property, or for the keys ({@code name.keys}) of a map property.
	 * @return each entry as a map, e.g. {@code name}, {@code values} and {@code providers}
	 */
	public static List<Map<String, Object>> hints() {
		try (InputStream in = ConfigurationMetadata.class.getResourceAsStream(GENERATED)) {
			assertThat(in).as(GENERATED).isNotNull();
			return new ArrayList<>(
					JsonPath.read(new String(in.readAllBytes(), StandardCharsets.UTF_8), "$.hints[*]"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Return the names of the properties a {@code @ConfigurationProperties} class binds,
	 * down to the leaves of its nested groups.
	 * @param type the properties class
	 * @return the full names, e.g. {@code grpckit.server.health.enabled}
	 */
	public static List<String> leafProperties(Class<?> type) {
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
