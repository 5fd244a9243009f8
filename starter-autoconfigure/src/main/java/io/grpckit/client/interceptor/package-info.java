/**
 * The built-in client interceptors (request id, default deadline, call options, call
 * credentials) and {@code @GlobalClientInterceptor}, which applies a user interceptor to
 * every channel.
 */
@NullMarked
package io.grpckit.client.interceptor;

import org.jspecify.annotations.NullMarked;
