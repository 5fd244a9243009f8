/**
 * The xDS bootstrap of {@code grpckit.xds.bootstrap}, read once for the client's resolver
 * and the xDS server alike. Public only because Java needs it across packages; not API,
 * may change without notice.
 */
@NullMarked
package io.grpckit.internal.xds;

import org.jspecify.annotations.NullMarked;
