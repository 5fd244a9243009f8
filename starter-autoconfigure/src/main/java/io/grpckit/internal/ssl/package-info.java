/**
 * TLS material of Spring Boot SSL bundles that follows the bundle's reloads, for server
 * and client alike. Public only because Java needs it across packages; not API, may
 * change without notice.
 */
@NullMarked
package io.grpckit.internal.ssl;

import org.jspecify.annotations.NullMarked;
