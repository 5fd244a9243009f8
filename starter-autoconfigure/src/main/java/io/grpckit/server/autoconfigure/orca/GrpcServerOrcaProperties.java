package io.grpckit.server.autoconfigure.orca;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import io.grpckit.internal.properties.PropertyChecks;
import io.grpckit.server.orca.CpuSource;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * ORCA load reports of the gRPC server, {@code grpckit.server.orca.*}. Validated right
 * after binding (this class is its own {@link Validator}): a value out of range fails
 * start-up naming the property.
 */
@ConfigurationProperties("grpckit.server.orca")
public class GrpcServerOrcaProperties implements Validator {

	/**
	 * Whether to report the server's load (CPU utilization, calls and errors per second) as
	 * ORCA load reports, in the trailers of every call and out of band on
	 * xds.service.orca.v3.OpenRcaService, for clients with the weighted_round_robin policy.
	 * Needs io.grpc:grpc-xds.
	 */
	private boolean enabled;

	/**
	 * Shortest time between two out-of-band reports on one stream: clients asking for
	 * reports more often get them at this interval.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration reportInterval = Duration.ofSeconds(10);

	/**
	 * Time between two measurements of the load. Calls and errors per second are averages
	 * over this time; the reports carry the latest measurement.
	 */
	@DurationUnit(ChronoUnit.MILLIS)
	private Duration sampleInterval = Duration.ofSeconds(1);

	/**
	 * CPU utilization to report: the JVM process's, or the whole machine's (or
	 * container's).
	 */
	private CpuSource cpuSource = CpuSource.PROCESS;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getReportInterval() {
		return this.reportInterval;
	}

	public void setReportInterval(Duration reportInterval) {
		this.reportInterval = reportInterval;
	}

	public Duration getSampleInterval() {
		return this.sampleInterval;
	}

	public void setSampleInterval(Duration sampleInterval) {
		this.sampleInterval = sampleInterval;
	}

	public CpuSource getCpuSource() {
		return this.cpuSource;
	}

	public void setCpuSource(CpuSource cpuSource) {
		this.cpuSource = cpuSource;
	}

	@Override
	public boolean supports(Class<?> type) {
		return GrpcServerOrcaProperties.class == type;
	}

	@Override
	public void validate(Object target, Errors errors) {
		GrpcServerOrcaProperties properties = (GrpcServerOrcaProperties) target;
		PropertyChecks.positive(errors, "report-interval", properties.getReportInterval());
		// shorter windows hold too few calls, and the JVM's CPU load is noise over them
		PropertyChecks.atLeast(errors, "sample-interval", properties.getSampleInterval(), Duration.ofMillis(100),
				"100ms");
	}

}
