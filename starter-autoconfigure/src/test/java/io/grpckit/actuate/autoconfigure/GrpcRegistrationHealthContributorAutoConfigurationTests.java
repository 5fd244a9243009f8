package io.grpckit.actuate.autoconfigure;

import io.grpckit.actuate.health.RegistrationHealthIndicator;
import io.grpckit.discovery.RegistrationState;
import io.grpckit.discovery.ServiceRegistration;
import io.grpckit.discovery.autoconfigure.DiscoveryAutoConfiguration;
import io.grpckit.discovery.testsupport.RecordingServiceRegistration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link GrpcRegistrationHealthContributorAutoConfiguration}, with a registration
 * whose state the test sets.
 */
class GrpcRegistrationHealthContributorAutoConfigurationTests {

	private final RecordingServiceRegistration registration = new RecordingServiceRegistration();

	private final ApplicationContextRunner withoutRegistrations = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DiscoveryAutoConfiguration.class,
				GrpcRegistrationHealthContributorAutoConfiguration.class))
		.withPropertyValues("spring.application.name=orders", "grpckit.discovery.host=127.0.0.1");

	private final ApplicationContextRunner contextRunner = this.withoutRegistrations
		.withBean(ServiceRegistration.class, () -> this.registration);

	@Test
	void providesTheGrpcRegistrationContributor() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(RegistrationHealthIndicator.class)
			.hasBean("grpcRegistrationHealthIndicator"));
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
	void backsOffForUserIndicator() {
		HealthIndicator user = () -> Health.up().build();
		this.contextRunner.withBean("grpcRegistrationHealthIndicator", HealthIndicator.class, () -> user)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(RegistrationHealthIndicator.class);
				assertThat(context.getBean("grpcRegistrationHealthIndicator")).isSameAs(user);
			});
	}

	@Test
	void healthIndicatorCanBeSwitchedOff() {
		this.contextRunner.withPropertyValues("management.health.grpcregistration.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RegistrationHealthIndicator.class));
	}

	@Test
	void offWithoutRegistrations() {
		this.withoutRegistrations
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(RegistrationHealthIndicator.class));
	}

	@Test
	void offWithoutSpringBootHealth() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(RegistrationHealthIndicator.class));
	}

}
