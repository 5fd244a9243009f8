package io.grpckit.client.autoconfigure.observation;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Observation of client calls, {@code grpckit.client.observation.*}.
 */
@ConfigurationProperties("grpckit.client.observation")
public class GrpcClientObservationProperties {

	/**
	 * Whether to observe client calls (metrics and tracing) when an ObservationRegistry bean
	 * exists.
	 */
	private boolean enabled = true;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

}
