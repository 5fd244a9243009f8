/**
 * The gRPC server: its lifecycle, factories, builder customizers, events, {@code
 * @GrpcService} and the service thread pool.
 */
@NullMarked
package io.grpckit.server;

import org.jspecify.annotations.NullMarked;
