package io.grpckit.server;

/**
 * State of the gRPC server lifecycle.
 */
public enum GrpcServerState {

	/** Not started yet. */
	STARTING,

	/** Bound and serving. */
	RUNNING,

	/** Graceful shutdown under way: health NOT_SERVING, draining calls. */
	STOPPING,

	/** Terminated. */
	STOPPED

}
