/**
 * Auto-configuration of the gRPC server (network and in-process transports, TLS, the
 * service thread pool) and {@code @ConditionalOnGrpcServerEnabled}; each feature area
 * has its own subpackage.
 */
@NullMarked
package io.grpckit.server.autoconfigure;

import org.jspecify.annotations.NullMarked;
