/**
 * The HTTP side of the server: HTTP/JSON transcoding from {@code google.api.http} rules (routes, request
 * binding, JSON, error bodies), gRPC-Web and Connect, on the application's web server.
 */
@NullMarked
package io.grpckit.server.http;

import org.jspecify.annotations.NullMarked;
