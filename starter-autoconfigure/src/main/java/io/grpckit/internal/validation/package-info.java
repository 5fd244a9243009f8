/**
 * Validation of messages against their {@code buf.validate} rules with protovalidate, and
 * the INVALID_ARGUMENT status with a {@code google.rpc.BadRequest} that reports a failure;
 * shared by the server and client interceptors, not API.
 */
@NullMarked
package io.grpckit.internal.validation;

import org.jspecify.annotations.NullMarked;
