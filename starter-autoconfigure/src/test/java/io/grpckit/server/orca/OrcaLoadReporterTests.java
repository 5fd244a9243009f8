package io.grpckit.server.orca;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.grpc.Metadata;
import io.grpc.ServerStreamTracer;
import io.grpc.Status;
import io.grpc.services.InternalMetricRecorder;
import io.grpc.services.MetricRecorder;
import io.grpc.services.MetricReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link OrcaLoadReporter}: rates from the calls its stream tracer counts over a
 * controlled clock, customizers, and what reaches grpc-java's {@link MetricRecorder}.
 */
class OrcaLoadReporterTests {

	private final MetricRecorder recorder = MetricRecorder.newInstance();

	private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

	private OrcaLoadReporter reporter;

	@AfterEach
	void close() {
		if (this.reporter != null) {
			this.reporter.close();
		}
	}

	@Test
	void ratesAreCallsAndServerErrorsPerSecondSinceThePreviousSample() {
		this.reporter = reporter(() -> 0.25, List.of());
		close(40, Status.OK);
		close(5, Status.UNAVAILABLE);
		close(3, Status.INTERNAL);
		close(2, Status.DEADLINE_EXCEEDED);
		// the client's doing: counted as calls, not as errors
		close(6, Status.CANCELLED);
		close(4, Status.INVALID_ARGUMENT);
		this.nanos.addAndGet(2_000_000_000L);
		OrcaLoad load = this.reporter.sample();
		assertThat(load.qps()).isCloseTo(30, within(1e-9));
		assertThat(load.eps()).isCloseTo(5, within(1e-9));
		assertThat(load.cpuUtilization()).isEqualTo(0.25);
		MetricReport report = report();
		assertThat(report.getQps()).isCloseTo(30, within(1e-9));
		assertThat(report.getEps()).isCloseTo(5, within(1e-9));
		assertThat(report.getCpuUtilization()).isEqualTo(0.25);
		assertThat(report.getApplicationUtilization()).isZero();
		// the next sample counts only what came after this one
		close(10, Status.OK);
		this.nanos.addAndGet(500_000_000L);
		assertThat(this.reporter.sample().qps()).isCloseTo(20, within(1e-9));
		assertThat(report().getEps()).isZero();
	}

	@Test
	void customizersChangeTheLoadInOrderBeforeItIsRecorded() {
		this.reporter = reporter(() -> 0.5,
				List.of((load) -> load.withCpuUtilization(load.cpuUtilization() * 2),
						(load) -> load.withApplicationUtilization(load.cpuUtilization() + 0.5).withMemoryUtilization(0.3)));
		this.nanos.addAndGet(1_000_000_000L);
		OrcaLoad load = this.reporter.sample();
		assertThat(load.cpuUtilization()).isEqualTo(1.0);
		assertThat(load.applicationUtilization()).isEqualTo(1.5);
		MetricReport report = report();
		assertThat(report.getCpuUtilization()).isEqualTo(1.0);
		assertThat(report.getApplicationUtilization()).isEqualTo(1.5);
		assertThat(report.getMemoryUtilization()).isEqualTo(0.3);
	}

	@Test
	void valuesOutOfRangeAreClearedNotKept() {
		AtomicInteger sample = new AtomicInteger();
		this.reporter = reporter(() -> (sample.incrementAndGet() == 1) ? 0.7 : -1, List.of());
		this.reporter.sample();
		assertThat(report().getCpuUtilization()).isEqualTo(0.7);
		// the JVM reports a negative load while it has none: the report carries none either
		this.reporter.sample();
		assertThat(report().getCpuUtilization()).isZero();
	}

	@Test
	void theJvmsCpuLoadIsAFraction() {
		this.reporter = new OrcaLoadReporter(this.recorder, CpuSource.PROCESS, Duration.ofSeconds(1), List.of());
		this.reporter.sample();
		assertThat(this.reporter.sample().cpuUtilization()).isBetween(0.0, 1.0);
		this.reporter.close();
		this.reporter = new OrcaLoadReporter(this.recorder, CpuSource.SYSTEM, Duration.ofSeconds(1), List.of());
		this.reporter.sample();
		assertThat(this.reporter.sample().cpuUtilization()).isBetween(0.0, 1.0);
	}

	@Test
	void aFailingCustomizerDoesNotStopTheSampling() {
		AtomicInteger calls = new AtomicInteger();
		this.reporter = new OrcaLoadReporter(this.recorder, () -> 0.1, System::nanoTime, Duration.ofMillis(100),
				List.of((load) -> {
					if (calls.incrementAndGet() <= 2) {
						throw new IllegalStateException("not yet");
					}
					return load.withApplicationUtilization(0.6);
				}));
		this.reporter.start();
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(report().getApplicationUtilization()).isEqualTo(0.6));
		assertThat(calls.get()).isGreaterThan(2);
	}

	@Test
	void closeStopsTheScheduler() {
		this.reporter = reporter(() -> 0, List.of());
		this.reporter.start();
		this.reporter.close();
		assertThat(this.reporter.scheduler().isShutdown()).isTrue();
	}

	private OrcaLoadReporter reporter(java.util.function.DoubleSupplier cpu, List<OrcaLoadCustomizer> customizers) {
		return new OrcaLoadReporter(this.recorder, cpu, this.nanos::get, Duration.ofSeconds(1), customizers);
	}

	private void close(int calls, Status status) {
		ServerStreamTracer.Factory factory = this.reporter.streamTracerFactory();
		for (int i = 0; i < calls; i++) {
			factory.newServerStreamTracer("grpckit.test.Echo/Unary", new Metadata()).streamClosed(status);
		}
	}

	private MetricReport report() {
		return InternalMetricRecorder.getMetricReport(this.recorder);
	}

}
