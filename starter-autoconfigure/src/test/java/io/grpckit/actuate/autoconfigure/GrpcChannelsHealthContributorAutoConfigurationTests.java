package io.grpckit.actuate.autoconfigure;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpckit.actuate.health.GrpcChannelsHealthIndicator;
import io.grpckit.client.GrpcChannelFactory;
import io.grpckit.client.autoconfigure.GrpcClientAutoConfiguration;
import io.grpckit.testsupport.ValidatedBinding;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.application.AvailabilityHealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link GrpcChannelsHealthContributorAutoConfiguration}.
 */
class GrpcChannelsHealthContributorAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcClientAutoConfiguration.class,
				GrpcChannelsHealthContributorAutoConfiguration.class))
		.withPropertyValues("grpckit.client.channel.down.target=127.0.0.1:" + closedPort());

	@Test
	void providesTheGrpcChannelsContributor() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(GrpcChannelsHealthIndicator.class);
			assertThat(context).hasBean("grpcChannelsHealthIndicator");
			assertThat(context.getBean(GrpcChannelsHealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);
		});
	}

	@Test
	void backsOffForUserIndicator() {
		HealthIndicator user = () -> Health.up().build();
		this.contextRunner.withBean("grpcChannelsHealthIndicator", HealthIndicator.class, () -> user)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(GrpcChannelsHealthIndicator.class);
				assertThat(context.getBean("grpcChannelsHealthIndicator")).isSameAs(user);
			});
	}

	@Test
	void disabledByManagementProperty() {
		this.contextRunner.withPropertyValues("management.health.grpcchannels.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(GrpcChannelsHealthIndicator.class));
	}

	@Test
	void offWhenClientIsDisabled() {
		this.contextRunner.withPropertyValues("grpckit.client.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(GrpcChannelsHealthIndicator.class));
	}

	@Test
	void offWithoutSpringBootHealth() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
			.run((context) -> assertThat(context).doesNotHaveBean(GrpcChannelsHealthIndicator.class));
	}

	@Test
	void transientFailureIsOutOfServiceByDefault() {
		this.contextRunner.run((context) -> {
			failChannel(context);
			Health health = context.getBean(GrpcChannelsHealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
			assertThat(health.getDetails()).containsEntry("down", "TRANSIENT_FAILURE");
		});
	}

	@Test
	void transientFailureStatusIsConfigurable() {
		this.contextRunner.withPropertyValues("grpckit.client.health.transient-failure-status=DOWN").run((context) -> {
			failChannel(context);
			assertThat(context.getBean(GrpcChannelsHealthIndicator.class).health().getStatus()).isEqualTo(Status.DOWN);
		});
	}

	@Test
	void failingChannelIsNeverALivenessFailure() {
		// health is exposed over the web by default, so a web context makes the endpoint available
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(GrpcClientAutoConfiguration.class,
					GrpcChannelsHealthContributorAutoConfiguration.class, EndpointAutoConfiguration.class,
					HealthContributorAutoConfiguration.class, HealthContributorRegistryAutoConfiguration.class,
					HealthEndpointAutoConfiguration.class,
					ApplicationAvailabilityAutoConfiguration.class, AvailabilityHealthContributorAutoConfiguration.class,
					AvailabilityProbesAutoConfiguration.class))
			.withPropertyValues("management.endpoint.health.probes.enabled=true",
					"grpckit.client.channel.down.target=127.0.0.1:" + closedPort(),
					"grpckit.client.health.transient-failure-status=DOWN")
			.run((context) -> {
				// what SpringApplication publishes once the application has started
				AvailabilityChangeEvent.publish(context, LivenessState.CORRECT);
				failChannel(context);
				HealthEndpoint endpoint = context.getBean(HealthEndpoint.class);
				assertThat(endpoint.health().getStatus()).isEqualTo(Status.DOWN);
				assertThat(endpoint.healthForPath("liveness").getStatus()).isEqualTo(Status.UP);
			});
	}

	private static void failChannel(ApplicationContext context) {
		ManagedChannel channel = context.getBean(GrpcChannelFactory.class).createChannel("down");
		channel.getState(true);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> channel.getState(false) == ConnectivityState.TRANSIENT_FAILURE);
	}

	private static int closedPort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void blankTransientFailureStatusIsRejectedAtBinding() {
		assertThat(ValidatedBinding.rejected("grpckit.client.health", new GrpcChannelsHealthProperties(),
				Map.of("grpckit.client.health.transient-failure-status", " ")))
			.containsExactly("grpckit.client.health.transient-failure-status: must not be blank");
	}

}
