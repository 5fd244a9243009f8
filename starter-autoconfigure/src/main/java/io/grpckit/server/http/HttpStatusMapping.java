package io.grpckit.server.http;
final class HttpStatusMapping {
	static int toHttp(io.grpc.Status.Code code) { return code == io.grpc.Status.Code.OK ? 200 : 500; }
}
