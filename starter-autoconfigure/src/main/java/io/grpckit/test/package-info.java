/**
 * Test support for applications built with grpckit: {@code @AutoConfigureInProcessGrpc}
 * runs the server in-process in a {@code @SpringBootTest}, {@code @LocalGrpcPort} injects
 * the port it is bound to.
 */
@NullMarked
package io.grpckit.test;

import org.jspecify.annotations.NullMarked;
