/**
 * Auto-configuration of request validation from the proto's {@code buf.validate} rules.
 */
@NullMarked
package io.grpckit.server.autoconfigure.validation;

import org.jspecify.annotations.NullMarked;
