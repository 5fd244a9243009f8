package io.grpckit.server.security;

import io.grpc.Metadata;
import io.grpc.ServerCall;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

/**
 * Reads {@code authorization: Bearer <token>} into a {@link BearerTokenAuthenticationToken},
 * which a {@code JwtAuthenticationProvider} (or any provider for bearer tokens) authenticates.
 * Needs spring-security-oauth2-resource-server.
 */
public class BearerTokenAuthenticationReader implements GrpcAuthenticationReader {

	private static final String PREFIX = "bearer ";

	@Override
	public Authentication read(ServerCall<?, ?> call, Metadata headers) {
		String header = headers.get(AUTHORIZATION);
		if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
			return null;
		}
		String token = header.substring(PREFIX.length()).trim();
		if (token.isEmpty()) {
			throw new BadCredentialsException("Empty bearer token");
		}
		return new BearerTokenAuthenticationToken(token);
	}

}
