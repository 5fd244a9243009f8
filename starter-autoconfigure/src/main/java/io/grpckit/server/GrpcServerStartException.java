package io.grpckit.server;

import java.io.IOException;

/**
 * Thrown when a gRPC server cannot start, typically because its port is in use.
 */
public class GrpcServerStartException extends IllegalStateException {

	GrpcServerStartException(IOException cause) {
		super("gRPC server failed to start: " + cause.getMessage()
				+ " (is the port in use? Set grpckit.server.port to another port, or 0 for a free one)", cause);
	}

}
