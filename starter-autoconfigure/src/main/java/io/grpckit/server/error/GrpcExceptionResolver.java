package io.grpckit.server.error;

import io.grpc.Metadata;
import io.grpc.StatusException;
import org.jspecify.annotations.Nullable;

/**
 * Maps an exception thrown while handling a gRPC call to the status the client gets.
 * Resolvers are consulted in order; the first that answers wins. Anything no resolver maps
 * becomes INTERNAL with a fixed description.
 */
@FunctionalInterface
public interface GrpcExceptionResolver {

	/**
	 * Map the given exception.
	 * @param exception the exception thrown by service code
	 * @param requestHeaders the headers of the failed call
	 * @return the status (with trailers) to close the call with, or {@code null} when this
	 * resolver does not handle the exception
	 */
	@Nullable StatusException resolve(Throwable exception, Metadata requestHeaders);

}
