package io.grpckit.server.autoconfigure.admin;

import io.grpckit.internal.properties.PropertyChecks;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Settings of grpc-java's admin services (channelz), {@code grpckit.server.admin.*}.
 * Validated right after binding (this class is its own {@link Validator}): a value out of
 * range fails start-up naming the property.
 */
@ConfigurationProperties("grpckit.server.admin")
public class GrpcAdminProperties implements Validator {

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

	@Override
	public boolean supports(Class<?> type) {
		return GrpcAdminProperties.class == type;
	}

	@Override
	public void validate(Object target, Errors errors) {
		GrpcAdminProperties properties = (GrpcAdminProperties) target;
		Integer port = properties.getPort();
		if (port != null) {
			PropertyChecks.range(errors, "port", port, 0, 65535, " (0 binds a free port)");
		}
	}

}
