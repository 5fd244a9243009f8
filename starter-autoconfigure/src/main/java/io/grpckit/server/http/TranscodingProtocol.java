package io.grpckit.server.http;
final class TranscodingProtocol implements HttpProtocol {
	TranscodingProtocol(BridgeContext c, HttpRoutes r) {}
	public GrpcHttpExchange accept(HttpRequestHead head) { return null; }
}
