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

	/**
	 * Whether to record only the meters, without a Micrometer Observation per call, when
	 * Micrometer's meter handler is the only observation handler (no tracing, no other
	 * handler, customizer, predicate, filter or convention). The meters are the same; false
	 * creates the observation for every call, as Micrometer's own interceptor does.
	 */
	private boolean fastPath = true;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public boolean isFastPath() {
		return this.fastPath;
	}

	public void setFastPath(boolean fastPath) {
		this.fastPath = fastPath;
	}

}
