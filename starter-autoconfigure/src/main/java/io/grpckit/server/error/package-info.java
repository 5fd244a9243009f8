/**
 * Mapping of exceptions thrown by service code to a status: {@code @GrpcAdvice}, {@code
 * @GrpcExceptionHandler}, resolvers, and the interceptor that is the safety net.
 */
@NullMarked
package io.grpckit.server.error;

import org.jspecify.annotations.NullMarked;
