/**
 * Auto-configuration of the gRPC reflection service.
 */
@NullMarked
package io.grpckit.server.autoconfigure.reflection;

import org.jspecify.annotations.NullMarked;
