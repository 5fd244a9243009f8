/**
 * Auto-configuration of the access log.
 */
@NullMarked
package io.grpckit.server.autoconfigure.accesslog;

import org.jspecify.annotations.NullMarked;
