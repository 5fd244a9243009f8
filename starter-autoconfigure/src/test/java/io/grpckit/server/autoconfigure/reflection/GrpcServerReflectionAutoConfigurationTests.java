package io.grpckit.server.autoconfigure.reflection;

import io.grpc.protobuf.services.ProtoReflectionService;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.grpckit.server.GrpcServerLifecycle;
import io.grpckit.server.autoconfigure.GrpcServerAutoConfiguration;
import io.grpckit.testsupport.EchoService;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link GrpcServerReflectionAutoConfiguration}; what the services answer is
 * tested in {@code ReflectionIntegrationTests}.
 */
class GrpcServerReflectionAutoConfigurationTests {

	private static final String V1 = "grpc.reflection.v1.ServerReflection";

	private static final String V1ALPHA = "grpc.reflection.v1alpha.ServerReflection";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(GrpcServerAutoConfiguration.class, GrpcServerReflectionAutoConfiguration.class))
		.withBean(EchoService.class)
		.withPropertyValues("grpckit.server.port=0");

	@Test
	void defaultsPresent() {
		this.runner.run((context) -> {
			assertThat(context).hasBean("grpckitReflectionServiceV1").hasBean("grpckitReflectionServiceV1Alpha");
			assertThat(context.getBean(GrpcServerLifecycle.class).getServiceNames()).contains(V1, V1ALPHA,
					"grpckit.test.Echo");
		});
	}

	@Test
	@SuppressWarnings("deprecation")
	void backsOffForUserReflectionServices() {
		ProtoReflectionServiceV1 v1 = (ProtoReflectionServiceV1) ProtoReflectionServiceV1.newInstance();
		ProtoReflectionService v1alpha = (ProtoReflectionService) ProtoReflectionService.newInstance();
		this.runner.withBean(ProtoReflectionServiceV1.class, () -> v1)
			.withBean(ProtoReflectionService.class, () -> v1alpha)
			.run((context) -> {
				assertThat(context).doesNotHaveBean("grpckitReflectionServiceV1")
					.doesNotHaveBean("grpckitReflectionServiceV1Alpha");
				assertThat(context.getBean(ProtoReflectionServiceV1.class)).isSameAs(v1);
				assertThat(context.getBean(ProtoReflectionService.class)).isSameAs(v1alpha);
				assertThat(context.getBean(GrpcServerLifecycle.class).getServiceNames()).contains(V1, V1ALPHA);
			});
	}

	@Test
	void disabledByProperty() {
		this.runner.withPropertyValues("grpckit.server.reflection.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean("grpckitReflectionServiceV1")
				.doesNotHaveBean("grpckitReflectionServiceV1Alpha");
			assertThat(context.getBean(GrpcServerLifecycle.class).getServiceNames()).contains("grpckit.test.Echo")
				.doesNotContain(V1, V1ALPHA);
		});
	}

	@Test
	void offWhenServerIsDisabled() {
		this.runner.withPropertyValues("grpckit.server.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean("grpckitReflectionServiceV1")
				.doesNotHaveBean("grpckitReflectionServiceV1Alpha"));
	}

	@Test
	void offWithoutGrpcServices() {
		this.runner.withClassLoader(new FilteredClassLoader(ProtoReflectionServiceV1.class)).run((context) -> {
			assertThat(context).doesNotHaveBean("grpckitReflectionServiceV1")
				.doesNotHaveBean("grpckitReflectionServiceV1Alpha");
			assertThat(context.getBean(GrpcServerLifecycle.class).getServiceNames()).doesNotContain(V1, V1ALPHA);
		});
	}

}
