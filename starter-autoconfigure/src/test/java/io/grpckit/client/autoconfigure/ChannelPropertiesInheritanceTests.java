package io.grpckit.client.autoconfigure;

import java.beans.PropertyDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import org.springframework.beans.BeanUtils;
import org.springframework.beans.BeanWrapper;
import org.springframework.beans.BeanWrapperImpl;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.convert.TypeDescriptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Every property of a channel, found by walking the classes rather than listed by hand, is
 * inherited from the 'default' channel and can be overridden by a named channel. A new
 * property that is not inherited (a primitive, a group with a setter) fails this test.
 */
class ChannelPropertiesInheritanceTests {

	private static final ConversionService conversion = ApplicationConversionService.getSharedInstance();

	@Test
	void walkFindsEveryGroupAndValue() {
		List<String> paths = leafPaths();
		assertThat(paths).hasSizeGreaterThanOrEqualTo(25)
			.contains("target", "interceptors", "method", "keepalive.time", "inbound.message.max-size",
					"inbound.metadata.max-size", "auth.basic.password", "retry-throttling.token-ratio",
					"health.service-name", "circuit-breaker.enabled", "circuit-breaker.failure-status-codes");
	}

	@Test
	void everyValueSetOnlyOnDefaultIsInherited() {
		for (String path : leafPaths()) {
			Samples samples = samples(path);
			GrpcClientProperties properties = new GrpcClientProperties();
			set(channel(properties, GrpcClientProperties.DEFAULT_CHANNEL), path, samples.inherited());
			channel(properties, "echo");
			assertThat(get(properties.resolve("echo"), path)).as(path + " inherited by a configured channel")
				.isEqualTo(samples.inherited());
			assertThat(get(properties.resolve("unconfigured"), path)).as(path + " of an unconfigured channel")
				.isEqualTo(samples.inherited());
		}
	}

	@Test
	void everyValueSetOnAChannelOverridesDefault() {
		for (String path : leafPaths()) {
			Samples samples = samples(path);
			GrpcClientProperties properties = new GrpcClientProperties();
			set(channel(properties, GrpcClientProperties.DEFAULT_CHANNEL), path, samples.inherited());
			set(channel(properties, "echo"), path, samples.own());
			assertThat(get(properties.resolve("echo"), path)).as(path + " set on the channel")
				.isEqualTo(samples.own());
			assertThat(get(properties.resolve(GrpcClientProperties.DEFAULT_CHANNEL), path))
				.as(path + " of the default channel, untouched").isEqualTo(samples.inherited());
		}
	}

	@Test
	void valuesOfTheChannelAndOfDefaultCombineInOneGroup() {
		GrpcClientProperties properties = new GrpcClientProperties();
		channel(properties, GrpcClientProperties.DEFAULT_CHANNEL).getAuth().getBasic().setUsername("user");
		channel(properties, "echo").getAuth().getBasic().setPassword("secret");
		ChannelProperties echo = properties.resolve("echo");
		assertThat(echo.getAuth().getBasic().getUsername()).isEqualTo("user");
		assertThat(echo.getAuth().getBasic().getPassword()).isEqualTo("secret");
	}

	private static ChannelProperties channel(GrpcClientProperties properties, String name) {
		return properties.getChannel().computeIfAbsent(name, (key) -> new ChannelProperties());
	}

	/**
	 * Kebab-case paths of every value of a channel: a property whose type is one of ours
	 * (not an enum) is a group and is walked; anything else is a value.
	 */
	private static List<String> leafPaths() {
		List<String> paths = new ArrayList<>();
		collect(ChannelProperties.class, "", paths);
		return paths;
	}

	private static void collect(Class<?> type, String prefix, List<String> paths) {
		for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(type)) {
			if (property.getName().equals("class")) {
				continue;
			}
			String path = prefix + kebab(property.getName());
			Class<?> propertyType = property.getPropertyType();
			if (propertyType.getName().startsWith("io.grpckit") && !propertyType.isEnum()) {
				collect(propertyType, path + ".", paths);
			}
			else {
				assertThat(property.getWriteMethod()).as(path + " has a setter").isNotNull();
				paths.add(path);
			}
		}
	}

	/**
	 * Two values for the property at the given path, both different from its initial value
	 * and from each other.
	 */
	private static Samples samples(String path) {
		BeanWrapper fresh = wrapper(new ChannelProperties());
		String property = camel(path);
		TypeDescriptor type = fresh.getPropertyTypeDescriptor(property);
		Object initial = fresh.getPropertyValue(property);
		List<Object> candidates = new ArrayList<>();
		if (type.isCollection() && !conversion.canConvert(TypeDescriptor.valueOf(String.class),
				type.getElementTypeDescriptor())) {
			// a list of groups (method[i]): two lists of one new element each
			Class<?> element = type.getElementTypeDescriptor().getType();
			candidates.add(new ArrayList<>(List.of(BeanUtils.instantiateClass(element))));
			candidates.add(new ArrayList<>(List.of(BeanUtils.instantiateClass(element))));
		}
		else {
			Stream<String> texts = Stream.of("true", "false", "1", "2", "3");
			// an enum, or a collection of one (status codes): its constants' names
			Class<?> enumType = type.isCollection() ? type.getElementTypeDescriptor().getType() : type.getType();
			if (enumType.isEnum()) {
				texts = Stream.of(enumType.getEnumConstants()).map((constant) -> ((Enum<?>) constant).name());
			}
			texts.map((text) -> convert(text, type))
				.filter(Objects::nonNull)
				.filter((value) -> !value.equals(initial))
				.distinct()
				.forEach(candidates::add);
		}
		if (candidates.size() < 2) {
			fail("No two sample values for " + path + " of type " + type);
		}
		return new Samples(candidates.get(0), candidates.get(1));
	}

	private static Object convert(String text, TypeDescriptor type) {
		try {
			return conversion.convert(text, TypeDescriptor.valueOf(String.class), type);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private static void set(ChannelProperties channel, String path, Object value) {
		wrapper(channel).setPropertyValue(camel(path), value);
	}

	private static Object get(ChannelProperties channel, String path) {
		return wrapper(channel).getPropertyValue(camel(path));
	}

	private static BeanWrapper wrapper(ChannelProperties channel) {
		return new BeanWrapperImpl(channel);
	}

	private static String kebab(String camel) {
		return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
	}

	private static String camel(String kebab) {
		StringBuilder result = new StringBuilder();
		boolean upper = false;
		for (char c : kebab.toCharArray()) {
			if (c == '-') {
				upper = true;
			}
			else {
				result.append(upper ? Character.toUpperCase(c) : c);
				upper = false;
			}
		}
		return result.toString();
	}

	private record Samples(Object inherited, Object own) {

	}

}
