package io.grpckit.server.autoconfigure.health;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpckit.server.GrpcServerLifecycle;
import io.grpckit.server.admin.GrpcHealthProbeServer;
import io.grpckit.server.autoconfigure.GrpcServerAutoConfiguration;
import io.grpckit.server.health.GrpcHealth;
import io.grpckit.server.health.GrpcHealthUpdater;
import io.grpckit.testsupport.Channels;
import io.grpckit.testsupport.EchoService;
import io.grpckit.testsupport.ValidatedBinding;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
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
	void noProbeServerUnlessThePortIsSet() {
		this.runner.run((context) -> {
			assertThat(context).doesNotHaveBean(GrpcHealthProbeServer.class);
			assertThat(context.getEnvironment().containsProperty("local.grpckit.server.health.port")).isFalse();
		});
	}

	@Test
	void probeServerServesTheSameHealthStatusesOnItsOwnPort() {
		this.runner.withPropertyValues("grpckit.server.health.port=0").run((context) -> {
			GrpcHealthProbeServer probe = context.getBean(GrpcHealthProbeServer.class);
			assertThat(probe.isRunning()).isTrue();
			assertThat(probe.getPort()).isPositive().isNotEqualTo(context.getBean(GrpcServerLifecycle.class).getPort());
			assertThat(context.getEnvironment().getProperty("local.grpckit.server.health.port", Integer.class))
				.isEqualTo(probe.getPort());
			// a status set on the application's health is what the probe port answers
			context.getBean(GrpcHealth.class).setStatus("grpckit.test.Echo", ServingStatus.NOT_SERVING);
			ManagedChannel channel = Channels.loopback(probe.getPort());
			try {
				assertThat(check(channel, "grpckit.test.Echo")).isEqualTo(ServingStatus.NOT_SERVING);
				assertThat(check(channel, "")).isEqualTo(ServingStatus.SERVING);
			}
			finally {
				Channels.close(channel);
			}
		});
	}

	@Test
	void probeServerIsTheOnlyNetworkPortOfAnInProcessServer() {
		this.runner
			.withPropertyValues("grpckit.server.inprocess.name=probe-tests", "grpckit.server.inprocess.exclusive=true",
					"grpckit.server.health.port=0")
			.run((context) -> {
				assertThat(context.getBean(GrpcServerLifecycle.class).getPort()).isEqualTo(-1);
				ManagedChannel channel = Channels.loopback(context.getBean(GrpcHealthProbeServer.class).getPort());
				try {
					assertThat(check(channel, "")).isEqualTo(ServingStatus.SERVING);
				}
				finally {
					Channels.close(channel);
				}
			});
	}

	@Test
	void probeServerStopsWithTheContext() {
		GrpcHealthProbeServer[] probe = new GrpcHealthProbeServer[1];
		this.runner.withPropertyValues("grpckit.server.health.port=0")
			.run((context) -> probe[0] = context.getBean(GrpcHealthProbeServer.class));
		assertThat(probe[0].isRunning()).isFalse();
	}

	@Test
	void aProbePortWithHealthDisabledFailsStartUpRatherThanServeNothing() {
		this.runner.withPropertyValues("grpckit.server.health.enabled=false", "grpckit.server.health.port=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("grpckit.server.health.port")
				.hasMessageContaining("grpckit.server.health.enabled=false"));
	}

	@Test
	void healthDisabledWithoutAProbePortStarts() {
		this.runner.withPropertyValues("grpckit.server.health.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(GrpcHealthProbeServer.class));
	}

	@Test
	void backsOffForUserProbeServer() {
		GrpcHealthProbeServer mine = new GrpcHealthProbeServer((services) -> {
			throw new IllegalStateException("not started in this test");
		}, new GrpcHealth().getHealthService()) {

			@Override
			public boolean isAutoStartup() {
				return false;
			}

		};
		this.runner.withPropertyValues("grpckit.server.health.port=0")
			.withBean(GrpcHealthProbeServer.class, () -> mine)
			.run((context) -> assertThat(context.getBean(GrpcHealthProbeServer.class)).isSameAs(mine));
	}

	@Test
	void probePortOutOfRangeIsRejectedAtBinding() {
		assertThat(ValidatedBinding.rejected("grpckit.server.health", new GrpcServerHealthProperties(),
				Map.of("grpckit.server.health.port", "-1")))
			.containsExactly("grpckit.server.health.port: must be between 0 and 65535 (0 binds a free port)");
	}

	private static ServingStatus check(ManagedChannel channel, String service) {
		return HealthGrpc.newBlockingStub(channel)
			.withDeadlineAfter(10, TimeUnit.SECONDS)
			.check(HealthCheckRequest.newBuilder().setService(service).build())
			.getStatus();
	}

	@Test
	void updateRateMustBePositive() {
		assertThat(ValidatedBinding.rejected("grpckit.server.health", new GrpcServerHealthProperties(),
				Map.of("grpckit.server.health.actuator.update-rate", "0s")))
			.containsExactly("grpckit.server.health.actuator.update-rate: must be greater than 0s");
	}

}
