/**
 * Micrometer observation (metrics and tracing) of outgoing calls.
 */
@NullMarked
package io.grpckit.client.observation;

import org.jspecify.annotations.NullMarked;
