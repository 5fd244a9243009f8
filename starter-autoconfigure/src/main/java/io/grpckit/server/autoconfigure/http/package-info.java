/**
 * Auto-configuration of the HTTP side of the server ({@code grpckit.server.http}): JSON
 * transcoding, gRPC-Web and Connect on the application's Spring MVC or WebFlux server, and
 * their OpenAPI description.
 */
@NullMarked
package io.grpckit.server.autoconfigure.http;

import org.jspecify.annotations.NullMarked;
