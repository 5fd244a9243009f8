package io.grpckit.discovery.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.grpckit.discovery.RegistrationLifecycle;
import io.grpckit.discovery.RegistrationState;
import io.grpckit.discovery.ServiceInstance;
import io.grpckit.discovery.ServiceRegistration;
import io.grpckit.discovery.testsupport.RecordingServiceRegistration;
import io.grpckit.server.GrpcServerStartedEvent;
import io.grpckit.server.GrpcServerStoppingEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link DiscoveryAutoConfiguration}: the lifecycle that follows the server events and
 * metrics, with a registration that records what it is asked. What Actuator shows of it is
 * tested with the auto-configurations in {@code io.grpckit.actuate.autoconfigure}.
 */
class DiscoveryAutoConfigurationTests {

	private final RecordingServiceRegistration registration = new RecordingServiceRegistration();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DiscoveryAutoConfiguration.class))
		.withBean(ServiceRegistration.class, () -> this.registration)
		.withPropertyValues("spring.application.name=orders", "grpckit.discovery.host=127.0.0.1");

	@Test
	void registersWithTheBoundPortOnStartAndDeregistersOnStopping() {
		this.contextRunner.run((context) -> {
			context.publishEvent(new GrpcServerStartedEvent(this, 4567, List.of(), List.of("a.A", "b.B")));
			assertThat(this.registration.instance.port()).isEqualTo(4567);
			assertThat(this.registration.instance.serviceName()).isEqualTo("orders");
			assertThat(this.registration.instance.metadata()).containsEntry(ServiceInstance.GRPC_SERVICES, "a.A,b.B");
			context.publishEvent(new GrpcServerStoppingEvent(this));
			assertThat(this.registration.deregisteredWith).isEqualTo(Duration.ofSeconds(2));
		});
	}

	@Test
	void inProcessOnlyServerRegistersNothing() {
		this.contextRunner.run((context) -> {
			context.publishEvent(new GrpcServerStartedEvent(this, -1, List.of(), List.of("a.A")));
			assertThat(this.registration.instance).isNull();
		});
	}

	@Test
	void deregisterTimeoutIsConfigurable() {
		this.contextRunner.withPropertyValues("grpckit.discovery.registration.deregister-timeout=300ms")
			.run((context) -> {
				context.publishEvent(new GrpcServerStartedEvent(this, 1, List.of(), List.of()));
				context.publishEvent(new GrpcServerStoppingEvent(this));
				assertThat(this.registration.deregisteredWith).isEqualTo(Duration.ofMillis(300));
			});
	}

	@Test
	void noLifecycleWithoutARegistration() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(DiscoveryAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(RegistrationLifecycle.class));
	}

	@Test
	void backsOffForAUserLifecycle() {
		RegistrationLifecycle mine = new RegistrationLifecycle(List.of(), new ServiceInstance("x", "x", "h", 0, Map.of()),
				Duration.ZERO);
		this.contextRunner.withBean(RegistrationLifecycle.class, () -> mine)
			.run((context) -> assertThat(context.getBean(RegistrationLifecycle.class)).isSameAs(mine));
	}

	@Test
	void metricsShowTheCurrentState() {
		this.contextRunner.run((context) -> {
			MeterRegistry registry = new SimpleMeterRegistry();
			context.getBeansOfType(MeterBinder.class).values().forEach((binder) -> binder.bindTo(registry));
			this.registration.state = RegistrationState.RETRYING;
			assertThat(registry.get("grpckit.discovery.registration").tag("state", "retrying").gauge().value())
				.isEqualTo(1.0);
			assertThat(registry.get("grpckit.discovery.registration").tag("state", "registered").gauge().value())
				.isEqualTo(0.0);
		});
	}

	@Test
	void noMetricsWithoutMicrometer() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(MeterBinder.class));
	}

	@Test
	void propertiesBind() {
		DiscoveryProperties properties = new Binder(new MapConfigurationPropertySource(Map.of(
				"grpckit.discovery.service-name", "svc", "grpckit.discovery.backoff.initial", "1s",
				"grpckit.discovery.backoff.max", "1m", "grpckit.discovery.metadata.k", "v")))
			.bind("grpckit.discovery", DiscoveryProperties.class)
			.get();
		assertThat(properties.getServiceName()).isEqualTo("svc");
		assertThat(properties.getBackoff().toBackoff().initial()).isEqualTo(Duration.ofSeconds(1));
		assertThat(properties.getBackoff().toBackoff().max()).isEqualTo(Duration.ofMinutes(1));
		assertThat(properties.getMetadata()).containsEntry("k", "v");
	}

}
