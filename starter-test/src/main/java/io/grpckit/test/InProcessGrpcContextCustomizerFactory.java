package io.grpckit.test;

import java.util.List;
import java.util.Map;

import io.grpc.inprocess.InProcessServerBuilder;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Applies {@link AutoConfigureInProcessGrpc @AutoConfigureInProcessGrpc}.
 */
class InProcessGrpcContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		return MergedAnnotations.from(testClass, SearchStrategy.TYPE_HIERARCHY)
			.get(AutoConfigureInProcessGrpc.class)
			.synthesize(MergedAnnotation::isPresent)
			.map((annotation) -> new InProcessGrpcContextCustomizer(annotation.exclusive()))
			.orElse(null);
	}

	/**
	 * Equal customizers share a cached context; each new context gets its own server name.
	 */
	private record InProcessGrpcContextCustomizer(boolean exclusive) implements ContextCustomizer {

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
			String name = InProcessServerBuilder.generateName();
			context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("grpckit.test.inprocess", Map.of("grpckit.server.inprocess.name", name,
						"grpckit.server.inprocess.exclusive", String.valueOf(this.exclusive))));
		}

	}

}
