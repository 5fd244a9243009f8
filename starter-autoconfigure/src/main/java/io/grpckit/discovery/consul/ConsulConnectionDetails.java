package io.grpckit.discovery.consul;

import java.net.URI;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;

/**
 * Where the Consul agent's HTTP API is and which ACL token to send. Tests and Testcontainers
 * can supply their own bean.
 */
public interface ConsulConnectionDetails extends ConnectionDetails {

	/**
	 * Return the base URL of the agent's HTTP API.
	 * @return the URL, e.g. {@code http://127.0.0.1:8500}
	 */
	URI getUrl();

	/**
	 * Return the ACL token.
	 * @return the token, or {@code null} without ACLs
	 */
	default @Nullable String getToken() {
		return null;
	}

}
