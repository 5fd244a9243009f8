package io.grpckit.server.autoconfigure.observation;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Observation of served calls, {@code grpckit.server.observation.*}.
 */
@ConfigurationProperties("grpckit.server.observation")
public class GrpcServerObservationProperties {

	/**
	 * Whether to observe served calls (metrics and tracing) when an ObservationRegistry bean
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
