package io.grpckit.actuate.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the {@code grpcChannels} health contributor, {@code grpckit.client.health.*}.
 */
@ConfigurationProperties("grpckit.client.health")
public class GrpcChannelsHealthProperties {

	/**
	 * Health status reported while a channel is in TRANSIENT_FAILURE, e.g. OUT_OF_SERVICE
	 * or DOWN. The contributor is not part of the liveness group, so a failing backend
	 * never restarts this application.
	 */
	private String transientFailureStatus = "OUT_OF_SERVICE";

	public String getTransientFailureStatus() {
		return this.transientFailureStatus;
	}

	public void setTransientFailureStatus(String transientFailureStatus) {
		this.transientFailureStatus = transientFailureStatus;
	}

}
