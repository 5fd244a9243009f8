package io.grpckit.server;

import io.grpc.ServerBuilder;

/**
 * Customizes the builder of a gRPC server before it is built, after grpckit applied its
 * properties. Check the builder's type for transport-specific settings, e.g.
 * {@code NettyServerBuilder}.
 */
@FunctionalInterface
public interface GrpcServerBuilderCustomizer {

	/**
	 * Customize the builder.
	 * @param builder the builder of a network or in-process server
	 */
	void customize(ServerBuilder<?> builder);

}
