/**
 * Server limits: calls admitted or refused before they wait for a service thread
 * (concurrency, fixed or adaptive, and rates), refused with a retry pushback the client's
 * retries honour.
 */
@NullMarked
package io.grpckit.server.limits;

import org.jspecify.annotations.NullMarked;
