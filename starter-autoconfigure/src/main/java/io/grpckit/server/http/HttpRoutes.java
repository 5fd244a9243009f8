package io.grpckit.server.http;
import java.util.List;
final class HttpRoutes {
	static HttpRoutes of(List<com.google.protobuf.Descriptors.ServiceDescriptor> s) { return new HttpRoutes(); }
	List<HttpRoute> routes() { return List.of(); }
}
