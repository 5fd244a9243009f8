/**
 * xDS (proxyless service mesh) on the client: the {@code xds:///} resolver with the
 * bootstrap of {@code grpckit.xds.bootstrap} instead of {@code GRPC_XDS_BOOTSTRAP}.
 */
@NullMarked
package io.grpckit.discovery.xds;

import org.jspecify.annotations.NullMarked;
