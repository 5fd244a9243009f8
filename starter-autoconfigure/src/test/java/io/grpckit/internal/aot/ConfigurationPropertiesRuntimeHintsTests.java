package io.grpckit.internal.aot;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.TypeReference;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.BindableRuntimeHintsRegistrar;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kit's {@code @ConfigurationProperties} classes get their binding hints from Spring
 * Boot's AOT processing of configuration properties beans ({@link BindableRuntimeHintsRegistrar}),
 * nested classes included, reached through maps and lists: no hints of the kit's own are
 * needed as long as they stay JavaBeans. The test finds every such class of the kit, so a new
 * one is checked too.
 */
class ConfigurationPropertiesRuntimeHintsTests {

	@Test
	void everyPropertiesClassAndItsNestedClassesGetBindingHints() throws Exception {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
		scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
		Set<BeanDefinition> candidates = scanner.findCandidateComponents("io.grpckit");
		List<Class<?>> types = candidates.stream()
			.map(BeanDefinition::getBeanClassName)
			.filter((name) -> !name.contains("Tests"))
			.<Class<?>>map((name) -> ClassUtils.resolveClassName(name, getClass().getClassLoader()))
			.toList();
		assertThat(types).as("the kit's properties classes").hasSizeGreaterThan(10);
		RuntimeHints hints = new RuntimeHints();
		BindableRuntimeHintsRegistrar.forTypes(types.toArray(Class<?>[]::new)).registerHints(hints);
		for (Class<?> type : types) {
			assertThat(RuntimeHintsPredicates.reflection().onType(type)).as(type.getName()).accepts(hints);
		}
		// nested: a property object, a map's values, a list's elements, a class nested in them
		for (String nested : new String[] { "io.grpckit.server.autoconfigure.GrpcServerProperties$Shutdown",
				"io.grpckit.server.autoconfigure.ServerLimitsProperties",
				"io.grpckit.client.autoconfigure.ChannelProperties",
				"io.grpckit.client.autoconfigure.ChannelProperties$Tls",
				"io.grpckit.client.autoconfigure.MethodProperties" }) {
			assertThat(RuntimeHintsPredicates.reflection().onType(TypeReference.of(nested))).as(nested).accepts(hints);
		}
	}

}
