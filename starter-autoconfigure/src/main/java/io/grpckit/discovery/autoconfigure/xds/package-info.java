/**
 * Auto-configuration of the xDS client side: the {@code xds:///} resolver with the
 * bootstrap of {@code grpckit.xds.bootstrap}.
 */
@NullMarked
package io.grpckit.discovery.autoconfigure.xds;

import org.jspecify.annotations.NullMarked;
