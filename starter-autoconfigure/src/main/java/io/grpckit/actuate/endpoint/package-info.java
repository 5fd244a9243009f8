/**
 * The {@code grpc} and {@code grpcregistration} Actuator endpoints and what records
 * their data: the addresses the channels' name resolvers delivered and the backends
 * their calls went to.
 */
@NullMarked
package io.grpckit.actuate.endpoint;

import org.jspecify.annotations.NullMarked;
