/**
 * The xDS-managed server: {@code XdsGrpcServerFactory} builds the network server with
 * grpc-xds's {@code XdsServerBuilder}, and {@code XdsServingState} turns the control plane's
 * serving status into gRPC health and Spring Boot readiness.
 */
@NullMarked
package io.grpckit.server.xds;

import org.jspecify.annotations.NullMarked;
