/**
 * Micrometer observation (metrics and tracing) of served calls.
 */
@NullMarked
package io.grpckit.server.observation;

import org.jspecify.annotations.NullMarked;
