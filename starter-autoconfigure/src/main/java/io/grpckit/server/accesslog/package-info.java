/**
 * The access log: one line per finished call, written from a server stream tracer.
 */
@NullMarked
package io.grpckit.server.accesslog;

import org.jspecify.annotations.NullMarked;
