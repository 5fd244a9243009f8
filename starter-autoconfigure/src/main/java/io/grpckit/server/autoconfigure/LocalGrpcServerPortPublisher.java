package io.grpckit.server.autoconfigure;

import java.util.HashMap;
import java.util.Map;

import io.grpckit.server.GrpcServerStartedEvent;
import io.grpckit.server.admin.GrpcHealthProbeServer;

import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;

/**
 * Publishes the bound port as {@code local.grpckit.server.port}, and the health probe
 * server's as {@code local.grpckit.server.health.port} (it has started by then), in this
 * context and its parents, like Boot does with {@code local.server.port}.
 */
class LocalGrpcServerPortPublisher implements ApplicationListener<GrpcServerStartedEvent> {

	static final String PROPERTY_NAME = "local.grpckit.server.port";

	static final String HEALTH_PROPERTY_NAME = "local.grpckit.server.health.port";

	private static final String PROPERTY_SOURCE_NAME = "grpckit.server.ports";

	private final ApplicationContext context;

	LocalGrpcServerPortPublisher(ApplicationContext context) {
		this.context = context;
	}

	@Override
	public void onApplicationEvent(GrpcServerStartedEvent event) {
		GrpcHealthProbeServer probe = this.context.getBeanProvider(GrpcHealthProbeServer.class).getIfAvailable();
		for (ApplicationContext current = this.context; current != null; current = current.getParent()) {
			if (current instanceof ConfigurableApplicationContext configurable) {
				publish(configurable.getEnvironment(), PROPERTY_NAME, event.getPort());
				if (probe != null) {
					publish(configurable.getEnvironment(), HEALTH_PROPERTY_NAME, probe.getPort());
				}
			}
		}
	}

	@SuppressWarnings("unchecked")
	private static void publish(ConfigurableEnvironment environment, String name, int port) {
		MutablePropertySources sources = environment.getPropertySources();
		PropertySource<?> source = sources.get(PROPERTY_SOURCE_NAME);
		if (source == null) {
			source = new MapPropertySource(PROPERTY_SOURCE_NAME, new HashMap<>());
			sources.addFirst(source);
		}
		((Map<String, Object>) source.getSource()).put(name, port);
	}

}
