/**
 * The greeter demo: {@code helloworld.Greeter} in its four call modes, showing flow
 * control, cancellation and delays done without blocking threads.
 */
@NullMarked
package io.grpckit.demo.greeter;

import org.jspecify.annotations.NullMarked;
