package io.grpckit.demo.files.security;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * The bearer token of a call: unauthenticated as read from the {@code authorization} header,
 * then, once it matched, an authenticated caller without the token.
 */
final class BearerToken extends AbstractAuthenticationToken {

	/** Name of every caller holding the shared token. */
	static final String CALLER = "files-client";

	private final @Nullable String token;

	private BearerToken(@Nullable String token, boolean authenticated) {
		super(List.of());
		this.token = token;
		setAuthenticated(authenticated);
	}

	static BearerToken unauthenticated(String token) {
		return new BearerToken(token, false);
	}

	static BearerToken authenticated() {
		return new BearerToken(null, true);
	}

	@Override
	public @Nullable String getCredentials() {
		return this.token;
	}

	@Override
	public @Nullable String getPrincipal() {
		return isAuthenticated() ? CALLER : null;
	}

}
