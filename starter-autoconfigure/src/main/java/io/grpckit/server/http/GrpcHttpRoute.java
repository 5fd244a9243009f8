package io.grpckit.server.http;
public record GrpcHttpRoute(String httpMethod) {
	static GrpcHttpRoute of(HttpRoute r) { return new GrpcHttpRoute("GET"); }
}
