package io.grpckit.client.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import io.grpc.CallCredentials;
import io.grpc.Metadata;
import io.grpc.SecurityLevel;
import io.grpc.Status;

/**
 * Call credentials that send an {@code authorization} header: a bearer token or HTTP Basic
 * credentials. They refuse to travel over a connection without privacy and integrity
 * (plaintext) unless explicitly allowed: such a call fails with UNAUTHENTICATED before
 * anything is sent.
 */
public final class AuthorizationCallCredentials extends CallCredentials {

	/** The {@code authorization} header. */
	public static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
			Metadata.ASCII_STRING_MARSHALLER);

	private final Supplier<String> headerValue;

	private final boolean allowPlaintext;

	private AuthorizationCallCredentials(Supplier<String> headerValue, boolean allowPlaintext) {
		this.headerValue = headerValue;
		this.allowPlaintext = allowPlaintext;
	}

	/**
	 * Credentials that send {@code Bearer <token>} with the token of the supplier.
	 * @param tokens supplies the token of each call
	 * @param allowPlaintext whether the token may be sent over a plaintext connection
	 * @return the credentials
	 */
	public static AuthorizationCallCredentials bearer(BearerTokenSupplier tokens, boolean allowPlaintext) {
		return new AuthorizationCallCredentials(() -> "Bearer " + tokens.getToken(), allowPlaintext);
	}

	/**
	 * Credentials that send HTTP Basic credentials.
	 * @param username the user name
	 * @param password the password
	 * @param allowPlaintext whether they may be sent over a plaintext connection
	 * @return the credentials
	 */
	public static AuthorizationCallCredentials basic(String username, String password, boolean allowPlaintext) {
		String encoded = Base64.getEncoder()
			.encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
		return new AuthorizationCallCredentials(() -> "Basic " + encoded, allowPlaintext);
	}

	@Override
	public void applyRequestMetadata(RequestInfo requestInfo, Executor appExecutor, MetadataApplier applier) {
		if (!this.allowPlaintext && requestInfo.getSecurityLevel() != SecurityLevel.PRIVACY_AND_INTEGRITY) {
			applier.fail(Status.UNAUTHENTICATED.withDescription("Credentials are not sent over a plaintext connection "
					+ "to " + requestInfo.getAuthority() + "; use TLS or allow plaintext explicitly"));
			return;
		}
		// a token supplier may block (a cache refresh): never on the transport thread
		appExecutor.execute(() -> {
			try {
				Metadata headers = new Metadata();
				headers.put(AUTHORIZATION, this.headerValue.get());
				applier.apply(headers);
			}
			catch (RuntimeException ex) {
				applier.fail(Status.UNAUTHENTICATED.withDescription("Credentials could not be obtained").withCause(ex));
			}
		});
	}

}
