/**
 * Server plumbing that other packages need but is not API: making unparsable requests
 * fail with INTERNAL, and the exception for a service implemented by two beans. Public
 * only because Java needs it across packages; not API, may change without notice.
 */
@NullMarked
package io.grpckit.server.internal;

import org.jspecify.annotations.NullMarked;
