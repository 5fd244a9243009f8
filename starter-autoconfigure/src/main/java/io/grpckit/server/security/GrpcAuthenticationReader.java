package io.grpckit.server.security;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;

/**
 * Reads the credentials of a call (from its metadata or its transport) into an
 * unauthenticated {@link Authentication} request for the
 * {@link org.springframework.security.authentication.AuthenticationManager}.
 */
@FunctionalInterface
public interface GrpcAuthenticationReader {

	/** The {@code authorization} header. */
	Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

	/**
	 * Read the credentials of a call.
	 * @param call the call
	 * @param headers its request headers
	 * @return the authentication request, or {@code null} when this reader finds no
	 * credentials of its kind
	 * @throws org.springframework.security.core.AuthenticationException when credentials of
	 * its kind are present but malformed
	 */
	@Nullable Authentication read(ServerCall<?, ?> call, Metadata headers);

}
