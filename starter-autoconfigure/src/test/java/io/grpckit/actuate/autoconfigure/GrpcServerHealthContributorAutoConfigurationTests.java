package io.grpckit.actuate.autoconfigure;

import io.grpckit.actuate.health.GrpcServerHealthIndicator;
import io.grpckit.server.GrpcServerLifecycle;
import io.grpckit.server.GrpcServerState;
import io.grpckit.server.autoconfigure.GrpcServerAutoConfiguration;
import io.grpckit.server.autoconfigure.health.GrpcServerHealthAutoConfiguration;
import io.grpckit.server.health.GrpcHealth;
import io.grpckit.testsupport.EchoService;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link GrpcServerHealthContributorAutoConfiguration}: the {@code grpcServer}
 * contributor over a real server, and its place in the readiness group.
 */
class GrpcServerHealthContributorAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcServerAutoConfiguration.class,
				GrpcServerHealthAutoConfiguration.class, GrpcServerHealthContributorAutoConfiguration.class))
		.withBean(EchoService.class)
		.withPropertyValues("grpckit.server.port=0");

	@Test
	void providesTheGrpcServerContributor() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(GrpcServerHealthIndicator.class)
				.hasBean("grpcServerHealthIndicator")
				.hasBean("grpckitReadinessGroupPostProcessor");
			HealthIndicator indicator = context.getBean("grpcServerHealthIndicator", HealthIndicator.class);
			assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
			assertThat(indicator.health().getDetails()).containsEntry("state", GrpcServerState.RUNNING)
				.containsKeys("port", "services", "health");
		});
	}

	@Test
	void contributorReportsDownOnceStopped() {
		this.runner.run((context) -> {
			GrpcServerLifecycle lifecycle = context.getBean(GrpcServerLifecycle.class);
			int port = lifecycle.getPort();
			lifecycle.stop();
			HealthIndicator indicator = context.getBean("grpcServerHealthIndicator", HealthIndicator.class);
			assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
			assertThat(indicator.health().getDetails()).containsEntry("port", port);
		});
	}

	@Test
	void backsOffForUserIndicator() {
		// a bean of the same name replaces ours instead of failing start-up with a bean override
		HealthIndicator user = () -> Health.up().build();
		this.runner.withBean("grpcServerHealthIndicator", HealthIndicator.class, () -> user).run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(GrpcServerHealthIndicator.class);
			assertThat(context.getBean("grpcServerHealthIndicator")).isSameAs(user);
		});
	}

	@Test
	void offWhenServerHealthIsDisabled() {
		this.runner.withPropertyValues("grpckit.server.health.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("grpcServerHealthIndicator")
				.doesNotHaveBean("grpckitReadinessGroupPostProcessor"));
	}

	@Test
	void offWhenServerIsDisabled() {
		this.runner.withPropertyValues("grpckit.server.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean("grpcServerHealthIndicator")
				.doesNotHaveBean("grpckitReadinessGroupPostProcessor"));
	}

	@Test
	void noContributorWithoutBootHealth() {
		this.runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
			.run((context) -> assertThat(context).hasSingleBean(GrpcHealth.class)
				.doesNotHaveBean("grpcServerHealthIndicator"));
	}

	@Test
	void readinessMembershipCanBeSwitchedOff() {
		this.runner.withPropertyValues("grpckit.server.health.readiness=false")
			.run((context) -> assertThat(context).doesNotHaveBean("grpckitReadinessGroupPostProcessor"));
	}

	@Test
	void noReadinessMembershipWithoutTheHealthEndpoint() {
		this.runner.withClassLoader(new FilteredClassLoader(HealthEndpointGroupsPostProcessor.class))
			.run((context) -> assertThat(context).hasBean("grpcServerHealthIndicator")
				.doesNotHaveBean("grpckitReadinessGroupPostProcessor"));
	}

}
