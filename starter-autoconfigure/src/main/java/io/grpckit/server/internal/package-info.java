/**
 * Server plumbing that other packages need but is not API: making unparsable requests
 * fail with INTERNAL, the exception for a service implemented by two beans, closing
 * connections over the limit at accept, bounding the bytes queued for clients that read
 * slowly, and running non-blocking methods' calls on the transport threads. Public only
 * because Java needs it across packages; not API, may change without notice.
 */
@NullMarked
package io.grpckit.server.internal;

import org.jspecify.annotations.NullMarked;
