/**
 * Circuit breakers of client channels: a breaker per channel or per method that fails calls
 * locally while the backend keeps failing, built on Resilience4j, and
 * {@link io.grpckit.client.resilience.ChannelCircuitBreakers}, through which their state is
 * read.
 */
@NullMarked
package io.grpckit.client.resilience;

import org.jspecify.annotations.NullMarked;
