package io.grpckit.server.security;

import java.util.function.Function;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.util.Assert;

/**
 * Reads {@code authorization: Bearer <token>} (the scheme in any case) into an unauthenticated
 * {@link Authentication} request. By default that is a {@link BearerTokenAuthenticationToken},
 * which a {@code JwtAuthenticationProvider} (or any provider for bearer tokens) authenticates,
 * and needs spring-security-oauth2-resource-server. With a function of its own an application
 * reads the token into its own {@link Authentication} type instead, for its own
 * {@link org.springframework.security.authentication.AuthenticationManager}; that needs
 * spring-security-core only.
 */
public class BearerTokenAuthenticationReader implements GrpcAuthenticationReader {

	private static final String PREFIX = "bearer ";

	private final Function<String, Authentication> authenticationRequest;

	/**
	 * Read tokens into {@link BearerTokenAuthenticationToken}s.
	 */
	public BearerTokenAuthenticationReader() {
		// a constructor reference, resolved only when this constructor runs: the function
		// constructor works without spring-security-oauth2-resource-server
		this(BearerTokenAuthenticationToken::new);
	}

	/**
	 * Read tokens into the authentication requests the function makes.
	 * @param authenticationRequest makes the unauthenticated authentication request from the
	 * token (never blank); it may throw an
	 * {@link org.springframework.security.core.AuthenticationException} for a malformed one
	 */
	public BearerTokenAuthenticationReader(Function<String, Authentication> authenticationRequest) {
		Assert.notNull(authenticationRequest, "authenticationRequest must not be null");
		this.authenticationRequest = authenticationRequest;
	}

	@Override
	public @Nullable Authentication read(ServerCall<?, ?> call, Metadata headers) {
		String header = headers.get(AUTHORIZATION);
		if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
			return null;
		}
		String token = header.substring(PREFIX.length()).trim();
		if (token.isEmpty()) {
			throw new BadCredentialsException("Empty bearer token");
		}
		return this.authenticationRequest.apply(token);
	}

}
