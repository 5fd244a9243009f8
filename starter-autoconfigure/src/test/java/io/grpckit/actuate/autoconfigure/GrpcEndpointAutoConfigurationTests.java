package io.grpckit.actuate.autoconfigure;

import java.util.List;

import io.grpc.util.GracefulSwitchLoadBalancer;
import io.grpckit.actuate.endpoint.BackendAddressRecorder;
import io.grpckit.actuate.endpoint.GrpcEndpoint;
import io.grpckit.actuate.endpoint.ResolvedAddressRecorder;
import io.grpckit.client.autoconfigure.GrpcClientAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link GrpcEndpointAutoConfiguration}; the JSON is asserted in
 * {@code GrpcEndpointIntegrationTests}.
 */
class GrpcEndpointAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcClientAutoConfiguration.class,
				GrpcEndpointAutoConfiguration.class));

	@Test
	void absentUnlessExposed() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(GrpcEndpoint.class)
			.doesNotHaveBean(BackendAddressRecorder.class)
			.doesNotHaveBean(ResolvedAddressRecorder.class));
	}

	@Test
	void presentWhenExposed() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=grpc").run((context) -> {
			assertThat(context).hasSingleBean(GrpcEndpoint.class)
				.hasSingleBean(BackendAddressRecorder.class)
				.hasSingleBean(ResolvedAddressRecorder.class);
			GrpcEndpoint.GrpcDescriptor descriptor = context.getBean(GrpcEndpoint.class).grpc();
			assertThat(descriptor.server()).isNull();
			assertThat(descriptor.channels()).isEmpty();
			assertThat(descriptor.registrations()).isEmpty();
		});
	}

	@Test
	void offWhenTheEndpointIsDisabled() {
		this.runner
			.withPropertyValues("management.endpoints.web.exposure.include=grpc",
					"management.endpoint.grpc.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(GrpcEndpoint.class));
	}

	@Test
	void backsOffForUserEndpoint() {
		GrpcEndpoint user = new GrpcEndpoint(null, null, null, null, null, null, List.of());
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=grpc")
			.withBean(GrpcEndpoint.class, () -> user)
			.run((context) -> assertThat(context.getBean(GrpcEndpoint.class)).isSameAs(user));
	}

	@Test
	void noResolvedAddressesWithoutGrpcUtil() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=grpc")
			.withClassLoader(new FilteredClassLoader(GracefulSwitchLoadBalancer.class))
			.run((context) -> assertThat(context).hasSingleBean(GrpcEndpoint.class)
				.hasSingleBean(BackendAddressRecorder.class)
				.doesNotHaveBean(ResolvedAddressRecorder.class));
	}

	@Test
	void offWithoutActuator() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=grpc")
			.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.run((context) -> assertThat(context).doesNotHaveBean(GrpcEndpoint.class));
	}

}
