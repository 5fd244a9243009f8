/**
 * The {@code grpc.health.v1} statuses of the server and what feeds Spring Boot's health
 * into them: the protocol, not Actuator.
 */
@NullMarked
package io.grpckit.server.health;

import org.jspecify.annotations.NullMarked;
