/**
 * What the discovery backends share: self-healing registration, backoff, publishing
 * resolved instances and reading service names from targets. Public only because Java
 * needs it across packages; not API, may change without notice.
 */
@NullMarked
package io.grpckit.discovery.internal;

import org.jspecify.annotations.NullMarked;
