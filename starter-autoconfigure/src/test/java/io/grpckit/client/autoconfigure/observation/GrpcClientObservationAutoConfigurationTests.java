package io.grpckit.client.autoconfigure.observation;

import io.grpckit.client.autoconfigure.GrpcClientAutoConfiguration;
import io.grpckit.client.observation.GrpcClientObservationInterceptor;
import io.micrometer.core.instrument.binder.grpc.ObservationGrpcClientInterceptor;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link GrpcClientObservationAutoConfiguration}; the calls themselves are
 * observed in {@code GrpcObservationIntegrationTests}.
 */
class GrpcClientObservationAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcClientAutoConfiguration.class,
				GrpcClientObservationAutoConfiguration.class))
		.withBean(ObservationRegistry.class, ObservationRegistry::create);

	/** Boot's observation and metrics, as Actuator sets them up: the registry is Boot's. */
	private final ApplicationContextRunner bootMetrics = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
				GrpcClientAutoConfiguration.class, GrpcClientObservationAutoConfiguration.class));

	@Test
	void observesWithTheRegistry() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(GrpcClientObservationInterceptor.class));
	}

	@Test
	void metricsOnlyWithBootsMetricsAndNothingElse() {
		this.bootMetrics.run((context) -> assertThat(
				context.getBean(GrpcClientObservationInterceptor.class).isMetricsOnly())
			.isTrue());
	}

	@Test
	void observesEveryCallWithTracing() {
		this.bootMetrics
			.withConfiguration(AutoConfigurations.of(MicrometerTracingAutoConfiguration.class,
					OpenTelemetrySdkAutoConfiguration.class, OpenTelemetryTracingAutoConfiguration.class))
			.run((context) -> assertThat(context.getBean(GrpcClientObservationInterceptor.class).isMetricsOnly())
				.isFalse());
	}

	@Test
	void observesEveryCallWhenAsked() {
		this.bootMetrics.withPropertyValues("grpckit.client.observation.fast-path=false")
			.run((context) -> assertThat(context.getBean(GrpcClientObservationInterceptor.class).isMetricsOnly())
				.isFalse());
	}

	@Test
	void backsOffForUserInterceptor() {
		GrpcClientObservationInterceptor user = new GrpcClientObservationInterceptor(ObservationRegistry.NOOP, null,
				null);
		this.runner.withBean(GrpcClientObservationInterceptor.class, () -> user)
			.run((context) -> assertThat(context.getBean(GrpcClientObservationInterceptor.class)).isSameAs(user));
	}

	@Test
	void backsOffForMicrometersOwnInterceptor() {
		ObservationGrpcClientInterceptor user = new ObservationGrpcClientInterceptor(ObservationRegistry.NOOP);
		this.runner.withBean(ObservationGrpcClientInterceptor.class, () -> user).run((context) -> {
			assertThat(context).doesNotHaveBean(GrpcClientObservationInterceptor.class);
			assertThat(context.getBean(ObservationGrpcClientInterceptor.class)).isSameAs(user);
		});
	}

	@Test
	void offWhenDisabled() {
		this.runner.withPropertyValues("grpckit.client.observation.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(GrpcClientObservationInterceptor.class));
	}

	@Test
	void offWhenTheClientIsDisabled() {
		this.runner.withPropertyValues("grpckit.client.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(GrpcClientObservationInterceptor.class));
	}

	@Test
	void offWithoutAnObservationRegistry() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(GrpcClientObservationAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(GrpcClientObservationInterceptor.class));
	}

	@Test
	void offWithoutMicrometerCore() {
		this.runner.withClassLoader(new FilteredClassLoader(ObservationGrpcClientInterceptor.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean("grpckitClientObservationInterceptor"));
	}

}
