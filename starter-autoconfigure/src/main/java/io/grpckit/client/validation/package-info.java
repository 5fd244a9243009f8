/**
 * Validation of outgoing request messages against their {@code buf.validate} rules
 * (protovalidate), per channel.
 */
@NullMarked
package io.grpckit.client.validation;

import org.jspecify.annotations.NullMarked;
