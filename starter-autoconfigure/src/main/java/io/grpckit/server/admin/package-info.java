/**
 * A separate server on its own port for grpc-java's admin services (channelz).
 */
@NullMarked
package io.grpckit.server.admin;

import org.jspecify.annotations.NullMarked;
