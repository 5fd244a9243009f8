package io.grpckit.server;

import java.util.List;

import io.grpc.Server;
import io.grpc.ServerServiceDefinition;

/**
 * Creates one gRPC server (network or in-process) for a set of services.
 */
@FunctionalInterface
public interface GrpcServerFactory {

	/**
	 * Create a server, not yet started.
	 * @param services the services to serve, with their interceptors applied
	 * @return the server
	 */
	Server createServer(List<ServerServiceDefinition> services);

}
