package io.grpckit.server.autoconfigure.health;

import java.util.Map;

import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpckit.server.GrpcServerLifecycle;
import io.grpckit.server.autoconfigure.GrpcServerAutoConfiguration;
import io.grpckit.server.health.GrpcHealth;
import io.grpckit.server.health.GrpcHealthUpdater;
import io.grpckit.testsupport.EchoService;
import io.grpckit.testsupport.ValidatedBinding;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link GrpcServerHealthAutoConfiguration}: the {@code grpc.health.v1} service
 * and its statuses. The Actuator contributor is tested in
 * {@code GrpcServerHealthContributorAutoConfigurationTests}.
 */
class GrpcServerHealthAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(GrpcServerAutoConfiguration.class, GrpcServerHealthAutoConfiguration.class))
		.withBean(EchoService.class)
		.withPropertyValues("grpckit.server.port=0");

	@Test
	void defaultsPresent() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(GrpcHealth.class)
				.hasBean("grpckitHealthService")
				// no Actuator health endpoint in this context, so nothing to bridge
				.doesNotHaveBean(GrpcHealthUpdater.class);
			assertThat(context.getBean(GrpcServerLifecycle.class).getServiceNames()).contains("grpc.health.v1.Health");
			assertThat(context.getBean(GrpcHealth.class).getStatuses()).containsEntry("", ServingStatus.SERVING)
				.containsEntry("grpckit.test.Echo", ServingStatus.SERVING);
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
			assertThat(context).doesNotHaveBean(GrpcHealth.class);
			assertThat(context.getBean(GrpcServerLifecycle.class).getServiceNames())
				.doesNotContain("grpc.health.v1.Health");
		});
	}

	@Test
	void offWhenServerIsDisabled() {
		this.runner.withPropertyValues("grpckit.server.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(GrpcHealth.class));
	}

	@Test
	void offWithoutGrpcServices() {
		this.runner.withClassLoader(new FilteredClassLoader(HealthStatusManager.class))
			.run((context) -> assertThat(context).doesNotHaveBean(GrpcHealth.class));
	}

	@Test
	void updateRateMustBePositive() {
		assertThat(ValidatedBinding.rejected("grpckit.server.health", new GrpcServerHealthProperties(),
				Map.of("grpckit.server.health.actuator.update-rate", "0s")))
			.containsExactly("grpckit.server.health.actuator.update-rate: must be greater than 0s");
	}

}
