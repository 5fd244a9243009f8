package io.grpckit.server.autoconfigure.health;

import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpckit.actuate.autoconfigure.GrpcServerHealthContributorAutoConfiguration;
import io.grpckit.server.GrpcServerLifecycle;
import io.grpckit.server.autoconfigure.GrpcServerAutoConfiguration;
import io.grpckit.server.health.GrpcHealth;
import io.grpckit.server.health.GrpcHealthUpdater;
import io.grpckit.testsupport.EchoService;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class GrpcServerHealthAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcServerAutoConfiguration.class,
				GrpcServerHealthAutoConfiguration.class, GrpcServerHealthContributorAutoConfiguration.class))
		.withBean(EchoService.class)
		.withPropertyValues("grpckit.server.port=0");

	@Test
	void defaultsPresent() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(GrpcHealth.class)
				.hasBean("grpckitHealthService")
				.hasBean("grpcServerHealthIndicator")
				.hasBean("grpckitReadinessGroupPostProcessor")
				// no Actuator health endpoint in this context, so nothing to bridge
				.doesNotHaveBean(GrpcHealthUpdater.class);
			assertThat(context.getBean(GrpcServerLifecycle.class).getServiceNames()).contains("grpc.health.v1.Health");
			assertThat(context.getBean(GrpcHealth.class).getStatuses()).containsEntry("", ServingStatus.SERVING)
				.containsEntry("grpckit.test.Echo", ServingStatus.SERVING);
			HealthIndicator indicator = context.getBean("grpcServerHealthIndicator", HealthIndicator.class);
			assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
			assertThat(indicator.health().getDetails()).containsEntry("state", io.grpckit.server.GrpcServerState.RUNNING)
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
	void backsOffForUserGrpcHealth() {
		GrpcHealth mine = new GrpcHealth();
		this.runner.withBean(GrpcHealth.class, () -> mine)
			.run((context) -> assertThat(context.getBean(GrpcHealth.class)).isSameAs(mine));
	}

	@Test
	void disabledByProperty() {
		this.runner.withPropertyValues("grpckit.server.health.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(GrpcHealth.class).doesNotHaveBean("grpcServerHealthIndicator");
			assertThat(context.getBean(GrpcServerLifecycle.class).getServiceNames())
				.doesNotContain("grpc.health.v1.Health");
		});
	}

	@Test
	void offWithoutGrpcServices() {
		this.runner.withClassLoader(new FilteredClassLoader(HealthStatusManager.class))
			.run((context) -> assertThat(context).doesNotHaveBean(GrpcHealth.class));
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

}
