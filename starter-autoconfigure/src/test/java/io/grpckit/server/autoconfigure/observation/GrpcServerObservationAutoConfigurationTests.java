package io.grpckit.server.autoconfigure.observation;

import io.grpc.ServerInterceptor;
import io.grpckit.server.GrpcServiceDiscoverer;
import io.grpckit.server.autoconfigure.GrpcServerAutoConfiguration;
import io.grpckit.server.error.ExceptionMappingServerInterceptor;
import io.grpckit.server.interceptor.RequestIdServerInterceptor;
import io.grpckit.server.observation.GrpcServerObservationInterceptor;
import io.grpckit.testsupport.EchoService;
import io.micrometer.core.instrument.binder.grpc.ObservationGrpcServerInterceptor;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link GrpcServerObservationAutoConfiguration}.
 */
class GrpcServerObservationAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcServerAutoConfiguration.class,
				GrpcServerObservationAutoConfiguration.class))
		.withBean(EchoService.class)
		.withBean(ObservationRegistry.class, ObservationRegistry::create)
		.withPropertyValues("grpckit.server.inprocess.name=server-observation-config",
				"grpckit.server.inprocess.exclusive=true");

	@Test
	void observesWithTheRegistryBetweenRequestIdAndExceptionMapping() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(GrpcServerObservationInterceptor.class);
			var chain = context.getBean(GrpcServiceDiscoverer.class).globalInterceptors();
			assertThat(chain).extracting(ServerInterceptor::getClass)
				.containsSubsequence(RequestIdServerInterceptor.class, GrpcServerObservationInterceptor.class,
						ExceptionMappingServerInterceptor.class);
		});
	}

	@Test
	void backsOffForUserInterceptor() {
		GrpcServerObservationInterceptor user = new GrpcServerObservationInterceptor(ObservationRegistry.NOOP, null,
				null);
		this.runner.withBean(GrpcServerObservationInterceptor.class, () -> user)
			.run((context) -> assertThat(context.getBean(GrpcServerObservationInterceptor.class)).isSameAs(user));
	}

	@Test
	void backsOffForMicrometersOwnInterceptor() {
		ObservationGrpcServerInterceptor user = new ObservationGrpcServerInterceptor(ObservationRegistry.NOOP);
		this.runner.withBean(ObservationGrpcServerInterceptor.class, () -> user).run((context) -> {
			assertThat(context).doesNotHaveBean(GrpcServerObservationInterceptor.class);
			assertThat(context.getBean(ObservationGrpcServerInterceptor.class)).isSameAs(user);
		});
	}

	@Test
	void offWhenDisabled() {
		this.runner.withPropertyValues("grpckit.server.observation.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(GrpcServerObservationInterceptor.class));
	}

	@Test
	void offWhenTheServerIsDisabled() {
		this.runner.withPropertyValues("grpckit.server.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(GrpcServerObservationInterceptor.class));
	}

	@Test
	void offWithoutAnObservationRegistry() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(GrpcServerObservationAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(GrpcServerObservationInterceptor.class));
	}

	@Test
	void offWithoutMicrometerCore() {
		this.runner.withClassLoader(new FilteredClassLoader(ObservationGrpcServerInterceptor.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean("grpckitServerObservationInterceptor"));
	}

}
