/**
 * What server and client observation share: per-call message counters, authority
 * parsing, the meters of the metrics-only path and when it applies. Public only because
 * Java needs it across packages; not API, may change
 * without notice.
 */
@NullMarked
package io.grpckit.internal.observation;

import org.jspecify.annotations.NullMarked;
