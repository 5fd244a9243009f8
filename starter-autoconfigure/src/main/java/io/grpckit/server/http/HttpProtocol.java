package io.grpckit.server.http;

import org.jspecify.annotations.Nullable;

/**
 * One way of calling gRPC services over HTTP: transcoding, gRPC-Web or Connect.
 */
interface HttpProtocol {

	/**
	 * Accept a request this protocol serves.
	 * @param head the request's method, path and headers
	 * @return the exchange, or {@code null} when the request is not for this protocol
	 */
	@Nullable GrpcHttpExchange accept(HttpRequestHead head);

}
