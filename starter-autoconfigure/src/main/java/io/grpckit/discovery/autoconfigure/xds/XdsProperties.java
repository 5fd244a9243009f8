package io.grpckit.discovery.autoconfigure.xds;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * xDS settings shared by channels and the server ({@code grpckit.xds.*}).
 */
@ConfigurationProperties("grpckit.xds")
public class XdsProperties {

	/**
	 * xDS bootstrap used instead of the GRPC_XDS_BOOTSTRAP environment variable: inline JSON
	 * (starting with '{') or the path of a JSON file. Applies to xds:/// channels and to the
	 * xDS server (grpckit.server.xds.enabled).
	 */
	private @Nullable String bootstrap;

	public @Nullable String getBootstrap() {
		return this.bootstrap;
	}

	public void setBootstrap(@Nullable String bootstrap) {
		this.bootstrap = bootstrap;
	}

}
