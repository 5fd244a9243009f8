package io.grpckit.server.orca;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

import io.grpc.ServerStreamTracer;
import io.grpc.services.MetricRecorder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.log.LogMessage;

/**
 * Measures the server's load and keeps grpc-java's {@link MetricRecorder} current, from
 * which the ORCA reports are made: per call by {@code OrcaMetricReportingServerInterceptor}
 * (in the trailers) and out of band by {@code OrcaServiceImpl} (the
 * {@code xds.service.orca.v3.OpenRcaService} stream). Once per sample interval, on its own
 * thread, it reads the CPU utilization from the JVM and the calls and server errors counted
 * by its {@link #streamTracerFactory() stream tracer} since the previous sample, passes the
 * result through the {@link OrcaLoadCustomizer}s, and writes CPU, application and memory
 * utilization, QPS and EPS to the recorder. Named utilization metrics
 * ({@code putUtilizationMetric}) are left to the application.
 * <p>
 * Calls are counted on every server the tracer factory is installed on; the reporter's
 * scheduler also serves as the out-of-band service's timer. {@link #close()} stops both.
 */
public final class OrcaLoadReporter implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(OrcaLoadReporter.class);

	private final MetricRecorder recorder;

	private final DoubleSupplier cpuUtilization;

	private final LongSupplier nanoTime;

	private final Duration sampleInterval;

	private final List<OrcaLoadCustomizer> customizers;

	private final CallRateStreamTracerFactory callRates = new CallRateStreamTracerFactory();

	private final ScheduledThreadPoolExecutor scheduler;

	// guarded by this: the previous sample
	private long lastNanos;

	private long lastCalls;

	private long lastErrors;

	// the scheduler's one thread only
	private boolean failing;

	/**
	 * Create a reporter; {@link #start()} begins the sampling.
	 * @param recorder where the measured load goes
	 * @param cpuSource which CPU utilization to report
	 * @param sampleInterval time between two samples, over which the rates are averaged
	 * @param customizers what may change the load before it is reported, in order
	 */
	public OrcaLoadReporter(MetricRecorder recorder, CpuSource cpuSource, Duration sampleInterval,
			List<OrcaLoadCustomizer> customizers) {
		this(recorder, cpuReader(cpuSource), System::nanoTime, sampleInterval, customizers);
	}

	OrcaLoadReporter(MetricRecorder recorder, DoubleSupplier cpuUtilization, LongSupplier nanoTime,
			Duration sampleInterval, List<OrcaLoadCustomizer> customizers) {
		this.recorder = recorder;
		this.cpuUtilization = cpuUtilization;
		this.nanoTime = nanoTime;
		this.sampleInterval = sampleInterval;
		this.customizers = List.copyOf(customizers);
		this.scheduler = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, "grpckit-orca");
			thread.setDaemon(true);
			return thread;
		});
		this.scheduler.setRemoveOnCancelPolicy(true);
		this.lastNanos = nanoTime.getAsLong();
	}

	/**
	 * Return the stream tracer factory that counts the calls of a server; install it on
	 * every server whose load is reported
	 * ({@code ServerBuilder#addStreamTracerFactory}).
	 * @return the shared factory
	 */
	public ServerStreamTracer.Factory streamTracerFactory() {
		return this.callRates;
	}

	/**
	 * Return the reporter's scheduler, also the timer of the out-of-band ORCA service.
	 * @return the scheduler, shut down by {@link #close()}
	 */
	public ScheduledExecutorService scheduler() {
		return this.scheduler;
	}

	/**
	 * Return the recorder the load is written to.
	 * @return the recorder
	 */
	public MetricRecorder recorder() {
		return this.recorder;
	}

	/**
	 * Start sampling: once now, to begin the first interval, then every sample interval.
	 */
	public void start() {
		long period = this.sampleInterval.toNanos();
		// with a fixed delay, a late run on a busy machine is not followed by a burst of
		// catch-up runs over intervals too short for a meaningful rate
		this.scheduler.scheduleWithFixedDelay(this::sampleSafely, 0, period, TimeUnit.NANOSECONDS);
	}

	/**
	 * Measure the load since the previous sample, customize it and record it.
	 * @return the load recorded
	 */
	synchronized OrcaLoad sample() {
		long now = this.nanoTime.getAsLong();
		long calls = this.callRates.calls();
		long errors = this.callRates.errors();
		double seconds = Math.max(now - this.lastNanos, 1) / 1e9;
		OrcaLoad load = new OrcaLoad(this.cpuUtilization.getAsDouble(), 0, 0, (calls - this.lastCalls) / seconds,
				(errors - this.lastErrors) / seconds);
		this.lastNanos = now;
		this.lastCalls = calls;
		this.lastErrors = errors;
		for (OrcaLoadCustomizer customizer : this.customizers) {
			load = customizer.customize(load);
		}
		record(load);
		return load;
	}

	private void sampleSafely() {
		// an exception would end the periodic task for good: report it, keep the last values
		try {
			OrcaLoad load = sample();
			if (this.failing) {
				logger.info("ORCA load reports are current again");
				this.failing = false;
			}
			logger.trace(LogMessage.format("ORCA load sampled: %s", load));
		}
		catch (RuntimeException ex) {
			if (!this.failing) {
				logger.warn("ORCA load sample failed; reports keep the last values until one succeeds", ex);
				this.failing = true;
			}
			else {
				logger.debug("ORCA load sample failed again", ex);
			}
		}
	}

	private void record(OrcaLoad load) {
		// MetricRecorder ignores values out of range and would keep the old one: clear instead
		if (load.cpuUtilization() >= 0 && Double.isFinite(load.cpuUtilization())) {
			this.recorder.setCpuUtilizationMetric(load.cpuUtilization());
		}
		else {
			this.recorder.clearCpuUtilizationMetric();
		}
		if (load.applicationUtilization() >= 0 && Double.isFinite(load.applicationUtilization())) {
			this.recorder.setApplicationUtilizationMetric(load.applicationUtilization());
		}
		else {
			this.recorder.clearApplicationUtilizationMetric();
		}
		if (load.memoryUtilization() >= 0 && load.memoryUtilization() <= 1) {
			this.recorder.setMemoryUtilizationMetric(load.memoryUtilization());
		}
		else {
			this.recorder.clearMemoryUtilizationMetric();
		}
		if (load.qps() >= 0 && Double.isFinite(load.qps())) {
			this.recorder.setQpsMetric(load.qps());
		}
		else {
			this.recorder.clearQpsMetric();
		}
		if (load.eps() >= 0 && Double.isFinite(load.eps())) {
			this.recorder.setEpsMetric(load.eps());
		}
		else {
			this.recorder.clearEpsMetric();
		}
	}

	/**
	 * Stop sampling and the scheduler, out-of-band report timers included. Call it after
	 * the servers have stopped.
	 */
	@Override
	public void close() {
		this.scheduler.shutdownNow();
	}

	private static DoubleSupplier cpuReader(CpuSource source) {
		OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
		if (os instanceof com.sun.management.OperatingSystemMXBean bean) {
			// both in [0, 1] of the CPUs available to the JVM; negative while not available
			return (source == CpuSource.SYSTEM) ? bean::getCpuLoad : bean::getProcessCpuLoad;
		}
		logger.warn("This JVM does not report CPU load (no com.sun.management.OperatingSystemMXBean): "
				+ "ORCA reports carry no CPU utilization; set one with an OrcaLoadCustomizer");
		return () -> -1;
	}

}
