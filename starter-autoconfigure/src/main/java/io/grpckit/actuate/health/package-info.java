/**
 * Every Actuator health indicator of the kit: the server, the client channels and the
 * registrations in service discovery.
 */
@NullMarked
package io.grpckit.actuate.health;

import org.jspecify.annotations.NullMarked;
