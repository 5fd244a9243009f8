package io.grpckit.server.autoconfigure.observation;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.grpc.ManagedChannel;
import io.grpc.ServerInterceptor;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpckit.server.GrpcServiceDiscoverer;
import io.grpckit.server.autoconfigure.GrpcServerAutoConfiguration;
import io.grpckit.server.error.ExceptionMappingServerInterceptor;
import io.grpckit.server.interceptor.RequestIdServerInterceptor;
import io.grpckit.server.observation.GrpcServerObservationInterceptor;
import io.grpckit.test.proto.EchoGrpc;
import io.grpckit.test.proto.EchoRequest;
import io.grpckit.testsupport.EchoService;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.grpc.ObservationGrpcServerInterceptor;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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

	/** Boot's observation and metrics, as Actuator sets them up: the registry is Boot's. */
	private final ApplicationContextRunner bootMetrics = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
				GrpcServerAutoConfiguration.class, GrpcServerObservationAutoConfiguration.class))
		.withBean(EchoService.class)
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
	void metricsOnlyWithBootsMetricsAndNothingElse() {
		this.bootMetrics.run((context) -> {
			assertThat(context.getBean(GrpcServerObservationInterceptor.class).isMetricsOnly()).isTrue();
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			unaryCall();
			await().atMost(Duration.ofSeconds(30)).until(() -> meters.find("grpc.server").timer() != null);
			assertThat(meters.get("grpc.server").tag("grpc.status_code", "OK").tag("error", "none").timer().count())
				.isEqualTo(1);
			assertThat(meters.get("grpc.server.active").longTaskTimer().activeTasks()).isZero();
		});
	}

	@Test
	void metricsOnlyWithoutLongTaskTimerWhenBootIgnoresIt() {
		this.bootMetrics.withPropertyValues("management.metrics.observations.ignored-meters=long-task-timer")
			.run((context) -> {
				assertThat(context.getBean(GrpcServerObservationInterceptor.class).isMetricsOnly()).isTrue();
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				unaryCall();
				await().atMost(Duration.ofSeconds(30)).until(() -> meters.find("grpc.server").timer() != null);
				assertThat(meters.find("grpc.server.active").meter()).isNull();
			});
	}

	@Test
	void observesEveryCallWhenAnotherHandlerWouldSeeIt() {
		List<String> seen = new CopyOnWriteArrayList<>();
		ObservationHandler<Observation.Context> handler = new ObservationHandler<>() {

			@Override
			public void onStart(Observation.Context context) {
				seen.add(context.getName());
			}

			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}

		};
		this.bootMetrics.withBean("recordingHandler", ObservationHandler.class, () -> handler).run((context) -> {
			assertThat(context.getBean(GrpcServerObservationInterceptor.class).isMetricsOnly()).isFalse();
			unaryCall();
			await().atMost(Duration.ofSeconds(30)).until(() -> seen.contains("grpc.server"));
		});
	}

	@Test
	void observesEveryCallWhenAsked() {
		this.bootMetrics.withPropertyValues("grpckit.server.observation.fast-path=false")
			.run((context) -> assertThat(context.getBean(GrpcServerObservationInterceptor.class).isMetricsOnly())
				.isFalse());
	}

	@Test
	void observesEveryCallWithCommonKeyValues() {
		this.bootMetrics.withPropertyValues("management.observations.key-values.region=eu")
			.run((context) -> assertThat(context.getBean(GrpcServerObservationInterceptor.class).isMetricsOnly())
				.isFalse());
	}

	@Test
	void observesEveryCallWithTheApplicationsOwnRegistry() {
		// the runner's own ObservationRegistry bean: handlers may have been added to it in code
		this.runner.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
				MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class))
			.run((context) -> assertThat(context.getBean(GrpcServerObservationInterceptor.class).isMetricsOnly())
				.isFalse());
	}

	private static void unaryCall() {
		ManagedChannel channel = InProcessChannelBuilder.forName("server-observation-config").directExecutor().build();
		try {
			EchoGrpc.newBlockingStub(channel).unary(EchoRequest.newBuilder().setText("hello").build());
		}
		finally {
			channel.shutdownNow();
		}
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
