package io.grpckit.demo.files.security;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpckit.server.security.GrpcAuthenticationReader;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;

/**
 * Reads {@code authorization: Bearer <token>}. Any other header, or none, is no credentials.
 */
final class BearerTokenReader implements GrpcAuthenticationReader {

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
		return BearerToken.unauthenticated(token);
	}

}
