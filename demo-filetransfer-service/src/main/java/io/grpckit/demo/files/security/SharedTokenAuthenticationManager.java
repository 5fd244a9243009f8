package io.grpckit.demo.files.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;

/**
 * Accepts a bearer token equal to the one shared secret. Compares SHA-256 digests with
 * {@link MessageDigest#isEqual}, so the time taken tells nothing about the token, not even its
 * length.
 */
final class SharedTokenAuthenticationManager implements AuthenticationManager {

	private final byte[] expected;

	SharedTokenAuthenticationManager(String token) {
		this.expected = sha256(token);
	}

	@Override
	public @Nullable Authentication authenticate(Authentication authentication) {
		if (!(authentication instanceof BearerToken bearer)) {
			return null;
		}
		if (bearer.getCredentials() == null || !MessageDigest.isEqual(sha256(bearer.getCredentials()), this.expected)) {
			throw new BadCredentialsException("Bearer token does not match");
		}
		return BearerToken.authenticated();
	}

	private static byte[] sha256(String text) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
