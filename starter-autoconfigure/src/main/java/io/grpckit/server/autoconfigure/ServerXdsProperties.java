package io.grpckit.server.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import org.springframework.boot.convert.DurationUnit;

/**
 * The xDS-managed server, {@code grpckit.server.xds.*}.
 */
public class ServerXdsProperties {

	/**
	 * Whether the network server is built with grpc-xds's XdsServerBuilder: it takes its
	 * Listener (filter chains, security, routes) from the xDS control plane named by the
	 * bootstrap (grpckit.xds.bootstrap or GRPC_XDS_BOOTSTRAP), binds only once the Listener
	 * arrives and reports NOT_SERVING until then.
	 */
	private boolean enabled;

	/**
	 * How long start-up waits for the server's Listener from the control plane. After it
	 * the application starts anyway with the server NOT_SERVING and readiness
	 * REFUSING_TRAFFIC (logged as a warning); the server serves once the Listener arrives.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration startTimeout = Duration.ofSeconds(15);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getStartTimeout() {
		return this.startTimeout;
	}

	public void setStartTimeout(Duration startTimeout) {
		this.startTimeout = startTimeout;
	}

}
