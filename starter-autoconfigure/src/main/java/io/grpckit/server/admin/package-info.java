/**
 * Separate plaintext servers on their own ports: one for grpc-java's admin services
 * (channelz), one for health probes.
 */
@NullMarked
package io.grpckit.server.admin;

import org.jspecify.annotations.NullMarked;
