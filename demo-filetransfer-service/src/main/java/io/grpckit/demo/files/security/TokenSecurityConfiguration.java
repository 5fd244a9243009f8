package io.grpckit.demo.files.security;

import io.grpckit.demo.files.FileTransferProperties;
import io.grpckit.server.security.BearerTokenAuthenticationReader;
import io.grpckit.server.security.GrpcAuthenticationReader;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationManager;

/**
 * The shared bearer token of the {@code secure} profile: whenever grpckit's gRPC security is on
 * (as the kit does, when {@code grpckit.server.security.enabled} is unset too), calls are
 * authenticated by comparing their bearer token with {@code grpckit.demo.files.token}. Which
 * methods need it is the kit's rules' business. Start-up fails without a token of at least 32
 * characters, so the server never runs with a guessable one.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "grpckit.server.security.enabled", matchIfMissing = true)
class TokenSecurityConfiguration {

	static final int MIN_LENGTH = 32;

	/**
	 * The starter's reader of {@code authorization: Bearer <token>}, making the demo's own
	 * {@link BearerToken} instead of the resource server's token type (not on the classpath).
	 */
	@Bean
	GrpcAuthenticationReader bearerTokenReader() {
		return new BearerTokenAuthenticationReader(BearerToken::unauthenticated);
	}

	@Bean
	AuthenticationManager sharedTokenAuthenticationManager(FileTransferProperties properties) {
		String token = properties.getToken();
		if (token == null || token.strip().length() < MIN_LENGTH) {
			throw new IllegalStateException("grpckit.demo.files.token is " + ((token == null || token.isBlank())
					? "not set" : "shorter than " + MIN_LENGTH + " characters")
					+ ": with gRPC security on (the 'secure' profile) every call needs the shared token; set it with"
					+ " the FILES_TOKEN environment variable, e.g. export FILES_TOKEN=$(openssl rand -hex 32)");
		}
		return new SharedTokenAuthenticationManager(token.strip());
	}

}
