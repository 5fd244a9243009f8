/**
 * Auto-configuration of authentication and per-method authorization of calls through
 * Spring Security.
 */
@NullMarked
package io.grpckit.server.autoconfigure.security;

import org.jspecify.annotations.NullMarked;
