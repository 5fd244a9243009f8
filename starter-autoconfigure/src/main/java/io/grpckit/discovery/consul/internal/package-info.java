/**
 * The few calls of Consul's HTTP API that discovery needs. Public only because Java
 * needs it across packages; not API, may change without notice.
 */
@NullMarked
package io.grpckit.discovery.consul.internal;

import org.jspecify.annotations.NullMarked;
