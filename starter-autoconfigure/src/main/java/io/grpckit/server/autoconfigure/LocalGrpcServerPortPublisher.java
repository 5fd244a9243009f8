package io.grpckit.server.autoconfigure;

import java.util.HashMap;
import java.util.Map;

import io.grpckit.server.GrpcServerStartedEvent;

import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;

/**
 * Publishes the bound port as {@code local.grpckit.server.port}, in this context and its
 * parents, like Boot does with {@code local.server.port}.
 */
class LocalGrpcServerPortPublisher implements ApplicationListener<GrpcServerStartedEvent> {

	static final String PROPERTY_NAME = "local.grpckit.server.port";

	private static final String PROPERTY_SOURCE_NAME = "grpckit.server.ports";

	private final ApplicationContext context;

	LocalGrpcServerPortPublisher(ApplicationContext context) {
		this.context = context;
	}

	@Override
	public void onApplicationEvent(GrpcServerStartedEvent event) {
		for (ApplicationContext current = this.context; current != null; current = current.getParent()) {
			if (current instanceof ConfigurableApplicationContext configurable) {
				publish(configurable.getEnvironment(), event.getPort());
			}
		}
	}

	@SuppressWarnings("unchecked")
	private static void publish(ConfigurableEnvironment environment, int port) {
		MutablePropertySources sources = environment.getPropertySources();
		PropertySource<?> source = sources.get(PROPERTY_SOURCE_NAME);
		if (source == null) {
			source = new MapPropertySource(PROPERTY_SOURCE_NAME, new HashMap<>());
			sources.addFirst(source);
		}
		((Map<String, Object>) source.getSource()).put(PROPERTY_NAME, port);
	}

}
