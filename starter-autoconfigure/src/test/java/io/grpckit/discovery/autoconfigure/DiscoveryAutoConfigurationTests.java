package io.grpckit.discovery.autoconfigure;

import io.grpckit.actuate.health.RegistrationHealthIndicator;

import io.grpckit.actuate.endpoint.RegistrationEndpoint;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.grpckit.discovery.RegistrationLifecycle;
import io.grpckit.discovery.RegistrationState;
import io.grpckit.discovery.RegistrationStatus;
import io.grpckit.discovery.ServiceInstance;
import io.grpckit.discovery.ServiceRegistration;
import io.grpckit.server.GrpcServerStartedEvent;
import io.grpckit.server.GrpcServerStoppingEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.grpckit.actuate.autoconfigure.GrpcRegistrationEndpointAutoConfiguration;
import io.grpckit.actuate.autoconfigure.GrpcRegistrationHealthContributorAutoConfiguration;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link DiscoveryAutoConfiguration}: the lifecycle that follows the server events, health,
 * the pause/resume endpoint and metrics, with a registration that records what it is asked.
 */
class DiscoveryAutoConfigurationTests {

	private final RecordingRegistration registration = new RecordingRegistration();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DiscoveryAutoConfiguration.class,
				GrpcRegistrationEndpointAutoConfiguration.class, GrpcRegistrationHealthContributorAutoConfiguration.class))
		.withBean(ServiceRegistration.class, () -> this.registration)
		.withPropertyValues("spring.application.name=orders", "grpckit.discovery.host=127.0.0.1",
				"management.endpoints.web.exposure.include=grpcregistration");

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
	void backsOffForAUserLifecycle() {
		RegistrationLifecycle mine = new RegistrationLifecycle(List.of(), new ServiceInstance("x", "x", "h", 0, Map.of()),
				Duration.ZERO);
		this.contextRunner.withBean(RegistrationLifecycle.class, () -> mine)
			.run((context) -> assertThat(context.getBean(RegistrationLifecycle.class)).isSameAs(mine));
	}

	@Test
	void healthIsUpWhenRegisteredAndDegradedWhenRetryingButNeverDown() {
		this.contextRunner.run((context) -> {
			RegistrationHealthIndicator health = context.getBean(RegistrationHealthIndicator.class);
			this.registration.state = RegistrationState.REGISTERED;
			assertThat(health.health().getStatus()).isEqualTo(Status.UP);
			this.registration.state = RegistrationState.RETRYING;
			Health degraded = health.health();
			assertThat(degraded.getStatus().getCode()).isEqualTo("DEGRADED");
			assertThat(degraded.getDetails()).containsKey("recording");
			// Boot's default aggregation ignores DEGRADED: overall health, liveness and
			// readiness stay UP
			assertThat(StatusAggregator.getDefault().getAggregateStatus(Status.UP, degraded.getStatus()))
				.isEqualTo(Status.UP);
		});
	}

	@Test
	void healthIndicatorCanBeSwitchedOff() {
		this.contextRunner.withPropertyValues("management.health.grpcregistration.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RegistrationHealthIndicator.class));
	}

	@Test
	void endpointPausesAndResumes() {
		this.contextRunner.run((context) -> {
			RegistrationEndpoint endpoint = context.getBean(RegistrationEndpoint.class);
			endpoint.change("pause");
			assertThat(this.registration.state).isEqualTo(RegistrationState.PAUSED);
			endpoint.change("resume");
			assertThat(this.registration.state).isEqualTo(RegistrationState.REGISTERED);
			assertThat(endpoint.registrations()).containsKey("recording");
		});
	}

	@Test
	void registrationsShowInTheGrpcEndpoint() {
		this.contextRunner.run((context) -> {
			this.registration.state = RegistrationState.PAUSED;
			assertThat(context.getBean(io.grpckit.actuate.endpoint.GrpcRegistrationStateProvider.class).registrations())
				.singleElement()
				.satisfies((descriptor) -> {
					assertThat(descriptor.registry()).isEqualTo("recording");
					assertThat(descriptor.state()).isEqualTo("PAUSED");
				});
		});
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

	static final class RecordingRegistration implements ServiceRegistration {

		volatile ServiceInstance instance;

		volatile Duration deregisteredWith;

		volatile RegistrationState state = RegistrationState.NOT_REGISTERED;

		@Override
		public String getBackend() {
			return "recording";
		}

		@Override
		public void register(ServiceInstance instance) {
			this.instance = instance;
			this.state = RegistrationState.REGISTERED;
		}

		@Override
		public boolean deregister(Duration timeout) {
			this.deregisteredWith = timeout;
			this.state = RegistrationState.DEREGISTERED;
			return true;
		}

		@Override
		public void pause() {
			this.state = RegistrationState.PAUSED;
		}

		@Override
		public void resume() {
			this.state = RegistrationState.REGISTERED;
		}

		@Override
		public RegistrationStatus getStatus() {
			return new RegistrationStatus(this.state, null, Instant.now());
		}

		@Override
		public ServiceInstance getInstance() {
			return this.instance;
		}

		@Override
		public void close() {
		}

	}

}
