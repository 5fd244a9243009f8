/**
 * Auto-configuration of the {@code grpc.health.v1} service and its link with Spring
 * Boot's health.
 */
@NullMarked
package io.grpckit.server.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
