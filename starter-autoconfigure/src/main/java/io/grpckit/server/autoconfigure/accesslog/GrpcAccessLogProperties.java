package io.grpckit.server.autoconfigure.accesslog;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The access log of the gRPC server, {@code grpckit.server.access-log.*}.
 */
@ConfigurationProperties("grpckit.server.access-log")
public class GrpcAccessLogProperties {

	/**
	 * Whether to write one access-log line per finished call to the logger
	 * io.grpckit.accesslog.
	 */
	private boolean enabled;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

}
