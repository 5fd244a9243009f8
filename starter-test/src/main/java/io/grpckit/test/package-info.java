/**
 * Test support for applications built with grpckit: the server in-process or on a known port,
 * raw and recorded calls, and the application in a JVM of its own; add
 * {@code io.grpckit:grpckit-starter-test} with test scope.
 */
@NullMarked
package io.grpckit.test;

import org.jspecify.annotations.NullMarked;
