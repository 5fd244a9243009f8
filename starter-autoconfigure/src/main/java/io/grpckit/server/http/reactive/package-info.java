/**
 * Serves gRPC services over HTTP on Spring WebFlux: a handler mapping for the routes the
 * {@link io.grpckit.server.http.GrpcHttpGateway} accepts.
 */
@NullMarked
package io.grpckit.server.http.reactive;

import org.jspecify.annotations.NullMarked;
