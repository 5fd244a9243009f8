package io.grpckit.server.http;
final class HttpRoute {
}
