package io.grpckit.discovery.etcd;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;

/**
 * Where etcd is and how to authenticate, for registration and {@code etcd:///} resolvers.
 * Tests and Testcontainers can supply their own bean.
 */
public interface EtcdConnectionDetails extends ConnectionDetails {

	/**
	 * Return the client endpoints.
	 * @return the endpoints, e.g. {@code http://127.0.0.1:2379}
	 */
	List<String> getEndpoints();

	/**
	 * Return the user name.
	 * @return the user name, or {@code null} without authentication
	 */
	default @Nullable String getUsername() {
		return null;
	}

	/**
	 * Return the password.
	 * @return the password, or {@code null}
	 */
	default @Nullable String getPassword() {
		return null;
	}

	/**
	 * Return the PEM file of the certificate authorities trusted for TLS.
	 * @return the file, or {@code null} for plaintext (or TLS with the JDK's trust store
	 * when the endpoints use {@code https})
	 */
	default @Nullable String getTrustedCertificates() {
		return null;
	}

}
