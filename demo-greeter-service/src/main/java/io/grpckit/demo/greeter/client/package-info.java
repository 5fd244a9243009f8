/**
 * The greeter demo's {@code client} command, which calls the greeter in all four modes.
 */
@NullMarked
package io.grpckit.demo.greeter.client;

import org.jspecify.annotations.NullMarked;
