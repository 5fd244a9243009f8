/**
 * Service discovery: the {@link io.grpckit.discovery.ServiceRegistration} SPI, the
 * lifecycle that registers the server once it serves and deregisters it at shutdown, and
 * the {@code discovery:///} resolver.
 */
@NullMarked
package io.grpckit.discovery;

import org.jspecify.annotations.NullMarked;
