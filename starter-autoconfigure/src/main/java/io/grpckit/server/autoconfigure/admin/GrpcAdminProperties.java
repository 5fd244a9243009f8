package io.grpckit.server.autoconfigure.admin;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of grpc-java's admin services (channelz), {@code grpckit.server.admin.*}.
 */
@ConfigurationProperties("grpckit.server.admin")
public class GrpcAdminProperties {

	/**
	 * Whether to serve channelz. It shows every channel, server and socket of the process,
	 * so keep it off where untrusted clients reach the port, or give it its own port.
	 */
	private boolean enabled;

	/**
	 * Port of a separate admin server (channelz, and CSDS with grpc-xds); 0 picks a free
	 * one. Without it, channelz is served on the application's server.
	 */
	private @Nullable Integer port;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable Integer getPort() {
		return this.port;
	}

	public void setPort(@Nullable Integer port) {
		this.port = port;
	}

}
