/**
 * Auto-configuration of Micrometer observation for every client call.
 */
@NullMarked
package io.grpckit.client.autoconfigure.observation;

import org.jspecify.annotations.NullMarked;
