package io.grpckit.actuate.autoconfigure;

import io.grpckit.internal.properties.PropertyChecks;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Settings of the {@code grpcChannels} health contributor, {@code grpckit.client.health.*}.
 * Validated right after binding (this class is its own {@link Validator}): a value out of
 * range fails start-up naming the property.
 */
@ConfigurationProperties("grpckit.client.health")
public class GrpcChannelsHealthProperties implements Validator {

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

	@Override
	public boolean supports(Class<?> type) {
		return GrpcChannelsHealthProperties.class == type;
	}

	@Override
	public void validate(Object target, Errors errors) {
		GrpcChannelsHealthProperties properties = (GrpcChannelsHealthProperties) target;
		PropertyChecks.notBlank(errors, "transient-failure-status", properties.getTransientFailureStatus());
	}

}
