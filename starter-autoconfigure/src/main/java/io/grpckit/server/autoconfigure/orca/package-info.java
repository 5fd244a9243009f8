/**
 * Auto-configuration of the server's ORCA load reports.
 */
@NullMarked
package io.grpckit.server.autoconfigure.orca;

import org.jspecify.annotations.NullMarked;
