/**
 * The gRPC client: {@link io.grpckit.client.GrpcChannelFactory} and its customizers,
 * {@code @GrpcClient} and {@code @EnableGrpcClients} stub injection, and the {@code
 * static://} name resolver.
 */
@NullMarked
package io.grpckit.client;

import org.jspecify.annotations.NullMarked;
