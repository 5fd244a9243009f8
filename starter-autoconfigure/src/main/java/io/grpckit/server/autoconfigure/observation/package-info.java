/**
 * Auto-configuration of Micrometer observation for every served call.
 */
@NullMarked
package io.grpckit.server.autoconfigure.observation;

import org.jspecify.annotations.NullMarked;
