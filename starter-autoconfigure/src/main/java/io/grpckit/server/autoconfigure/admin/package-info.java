/**
 * Auto-configuration of grpc-java's admin services (channelz).
 */
@NullMarked
package io.grpckit.server.autoconfigure.admin;

import org.jspecify.annotations.NullMarked;
