/**
 * Authentication and per-method authorization of calls: authentication readers, method
 * rules, the security interceptor and the propagation of the security context.
 */
@NullMarked
package io.grpckit.server.security;

import org.jspecify.annotations.NullMarked;
