package io.grpckit.server.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;

/**
 * Reads {@code authorization: Basic <base64(user:password)>} into a
 * {@link UsernamePasswordAuthenticationToken}.
 */
public class BasicAuthenticationReader implements GrpcAuthenticationReader {

	private static final String PREFIX = "basic ";

	@Override
	public @Nullable Authentication read(ServerCall<?, ?> call, Metadata headers) {
		String header = headers.get(AUTHORIZATION);
		if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
			return null;
		}
		String decoded;
		try {
			decoded = new String(Base64.getDecoder().decode(header.substring(PREFIX.length()).trim()),
					StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw new BadCredentialsException("Malformed Basic credentials");
		}
		int colon = decoded.indexOf(':');
		if (colon < 0) {
			throw new BadCredentialsException("Malformed Basic credentials");
		}
		return UsernamePasswordAuthenticationToken.unauthenticated(decoded.substring(0, colon),
				decoded.substring(colon + 1));
	}

}
