/**
 * Serves gRPC services over HTTP on Spring MVC: a handler mapping for the routes the
 * {@link io.grpckit.server.http.GrpcHttpGateway} accepts.
 */
@NullMarked
package io.grpckit.server.http.servlet;

import org.jspecify.annotations.NullMarked;
