package io.grpckit.test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.inprocess.InProcessServerBuilder;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.util.ReflectionUtils;

/**
 * Applies {@link GrpcFake @GrpcFake} fields: one in-process server per channel name, and
 * that channel's target pointed at it.
 */
class GrpcFakeContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public @Nullable ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		Map<String, List<BindableService>> fakes = new LinkedHashMap<>();
		ReflectionUtils.doWithFields(testClass, (field) -> {
			GrpcFake annotation = field.getAnnotation(GrpcFake.class);
			fakes.computeIfAbsent(annotation.value(), (name) -> new ArrayList<>()).add(fake(field));
		}, (field) -> field.isAnnotationPresent(GrpcFake.class));
		return fakes.isEmpty() ? null : new GrpcFakeContextCustomizer(fakes);
	}

	private static BindableService fake(Field field) {
		String where = "@GrpcFake field " + field.getDeclaringClass().getName() + "." + field.getName();
		if (!Modifier.isStatic(field.getModifiers())) {
			throw new IllegalStateException(where + " must be static: the context is built before the test instance");
		}
		if (!BindableService.class.isAssignableFrom(field.getType())) {
			throw new IllegalStateException(where + " must be a " + BindableService.class.getName() + ", not a "
					+ field.getType().getName());
		}
		ReflectionUtils.makeAccessible(field);
		Object value = ReflectionUtils.getField(field, null);
		if (value == null) {
			throw new IllegalStateException(where + " is null");
		}
		return (BindableService) value;
	}

	/**
	 * Equal (same fakes for the same channels) customizers share a cached context.
	 */
	private record GrpcFakeContextCustomizer(Map<String, List<BindableService>> fakes) implements ContextCustomizer {

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
			FakeServers servers = new FakeServers();
			Map<String, Object> targets = new LinkedHashMap<>();
			try {
				this.fakes.forEach((channel, services) -> {
					String serverName = "grpckit-fake-" + channel + "-" + InProcessServerBuilder.generateName();
					targets.put("grpckit.client.channel." + channel + ".target", "in-process:" + serverName);
					servers.start(serverName, services);
				});
			}
			catch (RuntimeException ex) {
				servers.destroy();
				throw ex;
			}
			// first: the fake wins over the application's own target for the channel
			context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("grpckit.test.fakes", targets));
			if (context.getBeanFactory() instanceof DefaultSingletonBeanRegistry registry) {
				// stopped when the context closes, or when its refresh fails
				registry.registerDisposableBean("grpckitFakeServers", servers);
			}
			else {
				context.addApplicationListener((event) -> {
					if (event instanceof ContextClosedEvent) {
						servers.destroy();
					}
				});
			}
		}

	}

	/**
	 * The in-process servers of one context's fakes.
	 */
	static final class FakeServers implements DisposableBean {

		private final List<Server> servers = new ArrayList<>();

		void start(String name, List<BindableService> services) {
			InProcessServerBuilder builder = InProcessServerBuilder.forName(name);
			services.forEach(builder::addService);
			try {
				this.servers.add(builder.build().start());
			}
			catch (IOException ex) {
				throw new IllegalStateException("Could not start the in-process server of a @GrpcFake: " + name, ex);
			}
		}

		@Override
		public void destroy() {
			for (Server server : this.servers) {
				server.shutdownNow();
			}
			for (Server server : this.servers) {
				try {
					server.awaitTermination(10, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}

	}

}
