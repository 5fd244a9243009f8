package io.grpckit.server.autoconfigure;

import io.grpc.xds.XdsServerBuilder;
import io.grpckit.server.GrpcServerLifecycle;
import io.grpckit.server.autoconfigure.health.GrpcServerHealthAutoConfiguration;
import io.grpckit.server.health.GrpcHealth;
import io.grpckit.server.xds.XdsGrpcServerFactory;
import io.grpckit.server.xds.XdsServingState;
import io.grpckit.testsupport.EchoService;
import io.grpckit.testsupport.FakeXdsControlPlane;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link XdsGrpcServerConfiguration}: with {@code grpckit.server.xds.enabled} the network
 * server factory is the xDS one, and the health statuses are held NOT_SERVING; without the
 * flag or without grpc-xds the plain Netty server stays. Start-up here never waits for a
 * Listener: the start timeout is 0 and the control plane's address is closed.
 */
class XdsGrpcServerConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(GrpcServerAutoConfiguration.class, GrpcServerHealthAutoConfiguration.class))
		.withBean(EchoService.class)
		.withPropertyValues("grpckit.server.port=0", "grpckit.server.xds.start-timeout=0s",
				"grpckit.xds.bootstrap=" + FakeXdsControlPlane.bootstrap("127.0.0.1:1"));

	@Test
	void xdsServerReplacesTheNettyOneAndHoldsHealth() {
		this.runner.withPropertyValues("grpckit.server.xds.enabled=true").run((context) -> {
			assertThat(context).hasSingleBean(XdsServingState.class)
				.hasBean("grpckitXdsServerFactory")
				.doesNotHaveBean("grpckitNettyServerFactory");
			assertThat(context.getBean("grpckitXdsServerFactory")).isInstanceOf(XdsGrpcServerFactory.class);
			assertThat(context.getBean(GrpcServerLifecycle.class).isRunning()).isTrue();
			GrpcHealth health = context.getBean(GrpcHealth.class);
			assertThat(health.isHeld()).isTrue();
			assertThat(health.getStatuses()).containsEntry(GrpcHealth.SERVER,
					io.grpc.health.v1.HealthCheckResponse.ServingStatus.NOT_SERVING);
		});
	}

	@Test
	void offByDefault() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(XdsServingState.class)
			.hasBean("grpckitNettyServerFactory"));
	}

	@Test
	void withoutGrpcXdsTheFlagFailsStartUpNamingIt() {
		this.runner.withClassLoader(new FilteredClassLoader(XdsServerBuilder.class))
			.withPropertyValues("grpckit.server.xds.enabled=true")
			.run((context) -> assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("grpckit.server.xds.enabled")
				.hasMessageContaining("io.grpc:grpc-xds"));
	}

	@Test
	void plainServerWithoutGrpcXdsWhenNotAsked() {
		this.runner.withClassLoader(new FilteredClassLoader(XdsServerBuilder.class))
			.run((context) -> assertThat(context).doesNotHaveBean(XdsServingState.class)
				.hasBean("grpckitNettyServerFactory"));
	}

	@Test
	void anAddressCannotBeCombined() {
		this.runner.withPropertyValues("grpckit.server.xds.enabled=true", "grpckit.server.address=127.0.0.1")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("grpckit.server.address"));
	}

}
