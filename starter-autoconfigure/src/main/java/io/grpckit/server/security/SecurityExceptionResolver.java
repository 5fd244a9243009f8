package io.grpckit.server.security;

import io.grpc.Metadata;
import io.grpc.StatusException;
import io.grpckit.server.error.GrpcExceptionResolver;
import org.jspecify.annotations.Nullable;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;

/**
 * Maps Spring Security's exceptions that escape service code on other threads (passed to
 * {@code onError}, for example) to PERMISSION_DENIED and UNAUTHENTICATED, without detail.
 */
public class SecurityExceptionResolver implements GrpcExceptionResolver {

	@Override
	public @Nullable StatusException resolve(Throwable exception, Metadata requestHeaders) {
		if (exception instanceof AccessDeniedException) {
			return AuthenticationServerInterceptor.DENIED.asException();
		}
		if (exception instanceof AuthenticationException) {
			return AuthenticationServerInterceptor.UNAUTHENTICATED.asException();
		}
		return null;
	}

}
