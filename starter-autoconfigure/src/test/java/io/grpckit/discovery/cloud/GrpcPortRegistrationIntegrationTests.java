package io.grpckit.discovery.cloud;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.grpckit.discovery.testsupport.DiscoveryTestApplication;
import io.grpckit.server.GrpcServerLifecycle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.serviceregistry.AbstractAutoServiceRegistration;
import org.springframework.cloud.client.serviceregistry.AutoServiceRegistrationProperties;
import org.springframework.cloud.client.serviceregistry.Registration;
import org.springframework.cloud.client.serviceregistry.ServiceRegistry;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gRPC port in a Spring Cloud {@link Registration}: a web application whose registration
 * goes through Spring Cloud's own {@link AbstractAutoServiceRegistration} (as Consul's,
 * Zookeeper's and Nacos' do), registering when the web server has started, which is before
 * the gRPC server's lifecycle phase. The registry records the metadata at the moment of
 * registration.
 */
class GrpcPortRegistrationIntegrationTests {

	private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	@AfterEach
	void close() {
		this.contexts.forEach(ConfigurableApplicationContext::close);
	}

	@Test
	void registrationCarriesTheBoundGrpcPortWhenItIsMade() {
		ConfigurableApplicationContext context = start("grpckit.server.port=0");
		int port = context.getBean(GrpcServerLifecycle.class).getPort();
		RecordingServiceRegistry registry = context.getBean(RecordingServiceRegistry.class);
		assertThat(port).isPositive();
		assertThat(registry.registered).containsEntry("gRPC_port", Integer.toString(port));
		assertThat(registry.registered).containsEntry("team", "blue");
	}

	@Test
	void aGrpcPortTheApplicationSetIsKept() {
		ConfigurableApplicationContext context = start("grpckit.server.port=0", "test.grpc-port=7443");
		assertThat(context.getBean(RecordingServiceRegistry.class).registered).containsEntry("gRPC_port", "7443");
	}

	@Test
	void anInProcessOnlyServerAddsNothing() {
		ConfigurableApplicationContext context = start("grpckit.server.inprocess.name=registration-tests",
				"grpckit.server.inprocess.exclusive=true");
		assertThat(context.getBean(RecordingServiceRegistry.class).registered).doesNotContainKey("gRPC_port")
			.containsEntry("team", "blue");
	}

	@Test
	void nothingIsAddedWhenSwitchedOff() {
		ConfigurableApplicationContext context = start("grpckit.server.port=0",
				"grpckit.discovery.cloud.register-port=false");
		assertThat(context.getBean(RecordingServiceRegistry.class).registered).doesNotContainKey("gRPC_port");
	}

	private ConfigurableApplicationContext start(String... properties) {
		List<String> all = new ArrayList<>(List.of("test.server-name=registered", "server.port=0",
				"spring.application.name=echo", "grpckit.server.reflection.enabled=false",
				"spring.main.banner-mode=off", "grpckit.client.enabled=false"));
		all.addAll(List.of(properties));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(DiscoveryTestApplication.class,
				CloudRegistrationConfiguration.class)
			.web(WebApplicationType.SERVLET)
			.properties(all.toArray(String[]::new))
			// an argument, to win over the kit tests' application.properties that switch the bridge off
			.run("--grpckit.discovery.cloud.enabled=true");
		this.contexts.add(context);
		return context;
	}

	@Configuration(proxyBeanMethods = false)
	static class CloudRegistrationConfiguration {

		@Bean
		TestRegistration testRegistration(org.springframework.core.env.Environment environment) {
			TestRegistration registration = new TestRegistration();
			registration.metadata.put("team", "blue");
			String grpcPort = environment.getProperty("test.grpc-port");
			if (grpcPort != null) {
				registration.metadata.put("gRPC_port", grpcPort);
			}
			return registration;
		}

		@Bean
		RecordingServiceRegistry recordingServiceRegistry() {
			return new RecordingServiceRegistry();
		}

		@Bean
		TestAutoServiceRegistration testAutoServiceRegistration(ApplicationContext context,
				RecordingServiceRegistry registry, TestRegistration registration) {
			return new TestAutoServiceRegistration(context, registry, registration);
		}

	}

	/**
	 * A registration with a mutable metadata map, like most of Spring Cloud's.
	 */
	static final class TestRegistration implements Registration {

		final Map<String, String> metadata = new LinkedHashMap<>();

		@Override
		public String getServiceId() {
			return "echo";
		}

		@Override
		public String getHost() {
			return "127.0.0.1";
		}

		@Override
		public int getPort() {
			return 8080;
		}

		@Override
		public boolean isSecure() {
			return false;
		}

		@Override
		public URI getUri() {
			return ServiceInstance.createUri(this);
		}

		@Override
		public Map<String, String> getMetadata() {
			return this.metadata;
		}

	}

	/**
	 * A registry that records the metadata a registration had when it was registered.
	 */
	static final class RecordingServiceRegistry implements ServiceRegistry<TestRegistration> {

		volatile Map<String, String> registered;

		@Override
		public void register(TestRegistration registration) {
			this.registered = Map.copyOf(registration.getMetadata());
		}

		@Override
		public void deregister(TestRegistration registration) {
		}

		@Override
		public void close() {
		}

		@Override
		public void setStatus(TestRegistration registration, String status) {
		}

		@Override
		public <T> T getStatus(TestRegistration registration) {
			return null;
		}

	}

	/**
	 * Spring Cloud's automatic registration, as registry implementations extend it.
	 */
	static final class TestAutoServiceRegistration extends AbstractAutoServiceRegistration<TestRegistration> {

		private final TestRegistration registration;

		TestAutoServiceRegistration(ApplicationContext context, RecordingServiceRegistry registry,
				TestRegistration registration) {
			super(context, registry, new AutoServiceRegistrationProperties());
			this.registration = registration;
		}

		@Override
		protected Object getConfiguration() {
			return this.registration;
		}

		@Override
		protected boolean isEnabled() {
			return true;
		}

		@Override
		protected TestRegistration getRegistration() {
			return this.registration;
		}

		@Override
		protected TestRegistration getManagementRegistration() {
			return this.registration;
		}

	}

}
