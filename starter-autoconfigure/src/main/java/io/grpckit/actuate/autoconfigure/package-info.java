/**
 * Auto-configuration of the Actuator support: the {@code grpc} and {@code
 * grpcregistration} endpoints and the health contributors of the server, the channels
 * and the registrations.
 */
@NullMarked
package io.grpckit.actuate.autoconfigure;

import org.jspecify.annotations.NullMarked;
