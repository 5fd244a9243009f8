package io.grpckit.server.http;

import io.grpc.Status;

/**
 * The HTTP status of a gRPC status code, grpc-gateway's table (its {@code HTTPStatusFromCode}),
 * which follows the comments of {@code google/rpc/code.proto}.
 */
final class HttpStatusMapping {

	private HttpStatusMapping() {
	}

	static int toHttp(Status.Code code) {
		return switch (code) {
			case OK -> 200;
			// not an IANA status: nginx's "client closed request", which grpc-gateway uses too
			case CANCELLED -> 499;
			case UNKNOWN, INTERNAL, DATA_LOSS -> 500;
			case INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE -> 400;
			case DEADLINE_EXCEEDED -> 504;
			case NOT_FOUND -> 404;
			case ALREADY_EXISTS, ABORTED -> 409;
			case PERMISSION_DENIED -> 403;
			case RESOURCE_EXHAUSTED -> 429;
			case UNIMPLEMENTED -> 501;
			case UNAVAILABLE -> 503;
			case UNAUTHENTICATED -> 401;
		};
	}

}
