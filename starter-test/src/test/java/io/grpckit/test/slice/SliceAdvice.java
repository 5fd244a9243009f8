package io.grpckit.test.slice;

import io.grpc.Status;
import io.grpckit.server.error.GrpcAdvice;
import io.grpckit.server.error.GrpcExceptionHandler;

/**
 * Maps the services' {@link IllegalArgumentException} to INVALID_ARGUMENT.
 */
@GrpcAdvice
class SliceAdvice {

	@GrpcExceptionHandler
	Status invalid(IllegalArgumentException ex) {
		return Status.INVALID_ARGUMENT.withDescription(ex.getMessage());
	}

}
