/**
 * The built-in server interceptors (request id, response compression) and {@code
 * @GlobalServerInterceptor}, which applies a user interceptor to every service.
 */
@NullMarked
package io.grpckit.server.interceptor;

import org.jspecify.annotations.NullMarked;
