package io.grpckit.client.autoconfigure;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpckit.client.GrpcChannelTargets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.NestedExceptionUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code grpckit.client.channel.<name>.credentials=xds} and the start-up warning of an
 * {@code xds:} channel whose settings the control plane replaces.
 */
@ExtendWith(OutputCaptureExtension.class)
class XdsChannelCredentialsTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcClientAutoConfiguration.class))
		.withPropertyValues("grpckit.client.channel.mesh.target=xds:///greeter");

	@Test
	void xdsCredentialsWrapTheChannelsOwn() {
		this.runner.withPropertyValues("grpckit.client.channel.mesh.credentials=xds").run((context) -> {
			ChannelCredentials credentials = context.getBean(GrpcChannelTargets.class).getCredentials("mesh");
			assertThat(credentials).isNotInstanceOf(InsecureChannelCredentials.class);
			assertThat(credentials.getClass().getName()).contains("Netty");
			assertThat(context.getBean(GrpcChannelTargets.class).getCredentials("other"))
				.isInstanceOf(InsecureChannelCredentials.class);
		});
	}

	@Test
	void xdsCredentialsWithoutGrpcXdsFailNamingTheProperty() {
		this.runner.withClassLoader(new FilteredClassLoader("io.grpc.xds."))
			.withPropertyValues("grpckit.client.channel.mesh.target=localhost:1",
					"grpckit.client.channel.mesh.credentials=xds")
			.run((context) -> assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("grpckit.client.channel.mesh.credentials")
				.hasMessageContaining("io.grpc:grpc-xds"));
	}

	@Test
	void warnsOnceOfSettingsTheControlPlaneReplaces(CapturedOutput output) {
		this.runner
			.withPropertyValues("grpckit.client.channel.mesh.method[0].names=greeter.Greeter",
					"grpckit.client.channel.mesh.method[0].retry.max-attempts=3",
					"grpckit.client.channel.mesh.method[0].retry.retryable-status-codes=UNAVAILABLE",
					"grpckit.client.channel.default.load-balancing-policy=round_robin",
					"grpckit.client.channel.plain.target=localhost:1")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).containsOnlyOnce("gRPC channel 'mesh' targets xds:///greeter: the xDS control "
						+ "plane's configuration replaces grpckit.client.channel.mesh.load-balancing-policy "
						+ "(and weighted-round-robin.*), grpckit.client.channel.mesh.method[*] (retry, hedging, "
						+ "deadline, wait-for-ready); these settings have no effect on it")
					.doesNotContain("gRPC channel 'plain'");
			});
	}

}
