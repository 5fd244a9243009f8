package io.grpckit.server.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * Transport security of the network server, {@code grpckit.server.ssl.*}.
 */
public class ServerSslProperties {

	/**
	 * Name of the Spring Boot SSL bundle (spring.ssl.bundle.*) holding the server
	 * certificate and, for client authentication, the trusted client CAs. Plaintext when not
	 * set. Certificate updates apply to new connections when the bundle reloads.
	 */
	private @Nullable String bundle;

	/**
	 * Whether clients must present a certificate trusted by the bundle: 'none', 'optional'
	 * (verified when presented) or 'required' (mutual TLS).
	 */
	private ClientAuth clientAuth = ClientAuth.NONE;

	public @Nullable String getBundle() {
		return this.bundle;
	}

	public void setBundle(@Nullable String bundle) {
		this.bundle = bundle;
	}

	public ClientAuth getClientAuth() {
		return this.clientAuth;
	}

	public void setClientAuth(ClientAuth clientAuth) {
		this.clientAuth = clientAuth;
	}

	/**
	 * Client certificate authentication.
	 */
	public enum ClientAuth {

		/** No client certificate is requested. */
		NONE,

		/** A client certificate is requested and verified when presented. */
		OPTIONAL,

		/** A trusted client certificate is required: mutual TLS. */
		REQUIRED

	}

}
