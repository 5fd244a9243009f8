/**
 * ORCA load reports of the server (CPU utilization, calls and errors per second), which
 * clients with the weighted_round_robin policy use to send less to a busier instance.
 */
@NullMarked
package io.grpckit.server.orca;

import org.jspecify.annotations.NullMarked;
