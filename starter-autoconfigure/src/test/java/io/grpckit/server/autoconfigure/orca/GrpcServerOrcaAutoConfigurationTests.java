package io.grpckit.server.autoconfigure.orca;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.services.MetricRecorder;
import io.grpc.stub.MetadataUtils;
import io.grpc.xds.orca.OrcaMetricReportingServerInterceptor;
import io.grpc.xds.orca.OrcaServiceImpl;
import io.grpckit.server.GrpcServerLifecycle;
import io.grpckit.server.autoconfigure.GrpcServerAutoConfiguration;
import io.grpckit.server.orca.OrcaLoadCustomizer;
import io.grpckit.server.orca.OrcaLoadReporter;
import io.grpckit.test.proto.EchoGrpc;
import io.grpckit.testsupport.Calls;
import io.grpckit.testsupport.Channels;
import io.grpckit.testsupport.EchoService;
import io.grpckit.testsupport.FailureAnalyses;
import io.grpckit.testsupport.ValidatedBinding;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link GrpcServerOrcaAutoConfiguration}: the beans, and both kinds of reports
 * read off a real Netty server the way a client receives them. How a weighted_round_robin
 * client uses them is {@link OrcaWeightedRoundRobinIntegrationTests}.
 */
class GrpcServerOrcaAutoConfigurationTests {

	private static final String ORCA_SERVICE = "xds.service.orca.v3.OpenRcaService";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcServerAutoConfiguration.class, GrpcServerOrcaAutoConfiguration.class))
		.withBean(EchoService.class)
		.withPropertyValues("grpckit.server.port=0", "grpckit.server.address=127.0.0.1");

	private final ApplicationContextRunner enabled = this.runner.withPropertyValues("grpckit.server.orca.enabled=true",
			"grpckit.server.orca.sample-interval=100ms", "grpckit.server.orca.report-interval=100ms");

	@Test
	void offByDefault() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed()
				.doesNotHaveBean(OrcaLoadReporter.class)
				.doesNotHaveBean(MetricRecorder.class)
				.doesNotHaveBean(OrcaMetricReportingServerInterceptor.class);
			assertThat(serviceNames(context)).doesNotContain(ORCA_SERVICE);
			assertThat(trailers(context).get(OrcaReports.TRAILER)).isNull();
		});
	}

	@Test
	void enabledServesTheServiceAndReportsInTrailers() {
		this.enabled.withBean(OrcaLoadCustomizer.class, () -> (load) -> load.withCpuUtilization(0.42)).run((context) -> {
			assertThat(context).hasSingleBean(OrcaLoadReporter.class)
				.hasSingleBean(MetricRecorder.class)
				.hasSingleBean(OrcaMetricReportingServerInterceptor.class);
			assertThat(context.getBean(OrcaLoadReporter.class).recorder()).isSameAs(context.getBean(MetricRecorder.class));
			assertThat(serviceNames(context)).contains(ORCA_SERVICE, "grpckit.test.Echo");
			// the calls made here are counted: some sample sees them as a rate above 0
			await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
				OrcaReports.Report report = OrcaReports.parse(trailers(context).get(OrcaReports.TRAILER));
				assertThat(report.cpuUtilization()).isEqualTo(0.42);
				assertThat(report.qps()).isPositive();
			});
		});
	}

	@Test
	void failedCallsCarryReportsTooAndCountAsErrors() {
		this.enabled.run((context) -> {
			ManagedChannel channel = Channels.loopback(port(context));
			try {
				await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
					AtomicReference<Metadata> trailers = new AtomicReference<>();
					Calls.failure(() -> Calls.echo(channel)
						.withInterceptors(MetadataUtils.newCaptureMetadataInterceptor(new AtomicReference<>(), trailers))
						.unary(Calls.request("throw:secret")));
					assertThat(OrcaReports.parse(trailers.get().get(OrcaReports.TRAILER)).eps()).isPositive();
				});
			}
			finally {
				Channels.close(channel);
			}
		});
	}

	@Test
	void outOfBandReportsStreamTheCustomizedLoad() {
		this.enabled.withBean(OrcaLoadCustomizer.class, () -> (load) -> load.withApplicationUtilization(0.7))
			.run((context) -> {
				ManagedChannel channel = Channels.loopback(port(context));
				try {
					Iterator<byte[]> reports = OrcaReports.openStream(channel);
					// one report at once, then one per report-interval; a sample soon applies the customizer
					await().atMost(Duration.ofSeconds(20))
						.until(() -> OrcaReports.parse(reports.next()).applicationUtilization() == 0.7);
					assertThat(OrcaReports.parse(reports.next()).applicationUtilization()).isEqualTo(0.7);
				}
				finally {
					Channels.close(channel);
				}
			});
	}

	@Test
	void backsOffForUserRecorderAndInterceptor() {
		MetricRecorder recorder = MetricRecorder.newInstance();
		OrcaMetricReportingServerInterceptor interceptor = OrcaMetricReportingServerInterceptor.create(null);
		this.enabled.withBean(MetricRecorder.class, () -> recorder)
			.withBean(OrcaMetricReportingServerInterceptor.class, () -> interceptor)
			.run((context) -> {
				assertThat(context.getBean(MetricRecorder.class)).isSameAs(recorder);
				// the kit measures into the user's recorder
				assertThat(context.getBean(OrcaLoadReporter.class).recorder()).isSameAs(recorder);
				assertThat(context.getBean(OrcaMetricReportingServerInterceptor.class)).isSameAs(interceptor);
				assertThat(context).doesNotHaveBean("grpckitOrcaServerInterceptor");
			});
	}

	@Test
	void offWhenTheServerIsDisabled() {
		this.enabled.withPropertyValues("grpckit.server.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(OrcaLoadReporter.class));
	}

	@Test
	void withoutGrpcXdsNothingChangesUnlessEnabled() {
		FilteredClassLoader withoutXds = new FilteredClassLoader(OrcaServiceImpl.class);
		this.runner.withClassLoader(withoutXds)
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(OrcaLoadReporter.class));
		this.enabled.withClassLoader(withoutXds).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = FailureAnalyses.analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("grpckit.server.orca.enabled")
				.contains("ORCA load reports need io.grpc:grpc-xds on the class path");
		});
	}

	@Test
	void intervalsOutOfRangeAreRejected() {
		assertThat(ValidatedBinding.rejected("grpckit.server.orca", new GrpcServerOrcaProperties(),
				Map.of("grpckit.server.orca.report-interval", "0s", "grpckit.server.orca.sample-interval", "50ms")))
			.containsExactlyInAnyOrder("grpckit.server.orca.report-interval: must be greater than 0s",
					"grpckit.server.orca.sample-interval: must be at least 100ms");
	}

	@Test
	void propertiesBind() {
		GrpcServerOrcaProperties properties = ValidatedBinding.bind("grpckit.server.orca", new GrpcServerOrcaProperties(),
				Map.of("grpckit.server.orca.report-interval", "5", "grpckit.server.orca.sample-interval", "250",
						"grpckit.server.orca.cpu-source", "system"));
		assertThat(properties.getReportInterval()).isEqualTo(Duration.ofSeconds(5));
		assertThat(properties.getSampleInterval()).isEqualTo(Duration.ofMillis(250));
		assertThat(properties.getCpuSource()).isEqualTo(io.grpckit.server.orca.CpuSource.SYSTEM);
		assertThat(properties.isEnabled()).isFalse();
	}

	private static List<String> serviceNames(AssertableApplicationContext context) {
		return List.copyOf(context.getBean(GrpcServerLifecycle.class).getServiceNames());
	}

	private static int port(AssertableApplicationContext context) {
		return context.getBean(GrpcServerLifecycle.class).getPort();
	}

	private static Metadata trailers(AssertableApplicationContext context) {
		ManagedChannel channel = Channels.loopback(port(context));
		try {
			AtomicReference<Metadata> trailers = new AtomicReference<>();
			EchoGrpc.EchoBlockingStub stub = Calls.echo(channel)
				.withInterceptors(MetadataUtils.newCaptureMetadataInterceptor(new AtomicReference<>(), trailers));
			stub.unary(Calls.request("hello"));
			return trailers.get();
		}
		finally {
			Channels.close(channel);
		}
	}

}
