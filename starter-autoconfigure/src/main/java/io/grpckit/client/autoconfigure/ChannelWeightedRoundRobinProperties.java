package io.grpckit.client.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.convert.DurationUnit;

/**
 * Settings of the weighted_round_robin policy,
 * {@code grpckit.client.channel.<name>.weighted-round-robin.*}, used when the channel's
 * {@code load-balancing-policy} is {@code weighted_round_robin}. The policy weighs each
 * backend by the load it reports (ORCA, see {@code grpckit.server.orca.enabled}). Unset
 * values are grpc-java's; others can be set with a
 * {@code GrpcChannelServiceConfigCustomizer}.
 */
public class ChannelWeightedRoundRobinProperties {

	/**
	 * Whether backends report their load out of band, on one stream per backend at the
	 * oob-reporting-period, instead of in the trailers of every call.
	 */
	private @Nullable Boolean enableOobLoadReport;

	/**
	 * Interval of out-of-band load reports asked from each backend; a backend sends them no
	 * more often than its own minimum (grpckit.server.orca.report-interval).
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private @Nullable Duration oobReportingPeriod;

	/**
	 * Time a backend must have been reporting load before its weight is used, so that one
	 * early report does not steer the calls; 0 uses weights at once.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private @Nullable Duration blackoutPeriod;

	/**
	 * Time between two recomputations of the weights from the latest reports, at least
	 * 100ms.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private @Nullable Duration weightUpdatePeriod;

	public @Nullable Boolean getEnableOobLoadReport() {
		return this.enableOobLoadReport;
	}

	public void setEnableOobLoadReport(@Nullable Boolean enableOobLoadReport) {
		this.enableOobLoadReport = enableOobLoadReport;
	}

	public @Nullable Duration getOobReportingPeriod() {
		return this.oobReportingPeriod;
	}

	public void setOobReportingPeriod(@Nullable Duration oobReportingPeriod) {
		this.oobReportingPeriod = oobReportingPeriod;
	}

	public @Nullable Duration getBlackoutPeriod() {
		return this.blackoutPeriod;
	}

	public void setBlackoutPeriod(@Nullable Duration blackoutPeriod) {
		this.blackoutPeriod = blackoutPeriod;
	}

	public @Nullable Duration getWeightUpdatePeriod() {
		return this.weightUpdatePeriod;
	}

	public void setWeightUpdatePeriod(@Nullable Duration weightUpdatePeriod) {
		this.weightUpdatePeriod = weightUpdatePeriod;
	}

}
