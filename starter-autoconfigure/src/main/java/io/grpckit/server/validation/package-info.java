/**
 * Validation of request messages against their {@code buf.validate} rules before service
 * code runs (protovalidate).
 */
@NullMarked
package io.grpckit.server.validation;

import org.jspecify.annotations.NullMarked;
