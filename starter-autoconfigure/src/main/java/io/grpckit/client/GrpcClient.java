package io.grpckit.client;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects a stub of a generated gRPC service (blocking, blocking V2, async or future;
 * reactor-grpc's Reactor stubs, grpc-kotlin's coroutine stubs; any type a
 * {@link GrpcStubFactory} bean supports), or the {@link io.grpc.Channel}/
 * {@link io.grpc.ManagedChannel} itself, for the named channel. Works on fields,
 * constructor parameters and {@code @Bean} method parameters:
 * <pre class="code">
 * &#64;Service
 * class Greetings {
 *     Greetings(&#64;GrpcClient("greeter") GreeterGrpc.GreeterBlockingStub greeter) { ... }
 * }
 * </pre>
 * The channel is configured by {@code grpckit.client.channel.<name>.*} and shared by every
 * stub of that name.
 */
@Target({ ElementType.FIELD, ElementType.PARAMETER })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface GrpcClient {

	/**
	 * Name of the channel.
	 * @return the channel name
	 */
	String value();

}
