package io.grpckit.server;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a gRPC service's calls, or one method's, on the network server's transport threads
 * (Netty's event loop) instead of handing them to the service executor.
 * <p>
 * A call handed to a service thread and back costs two thread hand-offs; a short,
 * non-blocking call costs less without them (about a third of the server's CPU per unary
 * call in this project's benchmarks). The price: while a callback runs, every other call
 * and connection served by the same event loop waits. So the method, every interceptor
 * that runs around it (security, validation and yours) and anything it calls must never
 * block: no JDBC, no blocking stubs, no {@code Thread.sleep}, no waiting on a lock held
 * across I/O. Use timers and asynchronous clients instead. A callback that holds an event
 * loop longer than {@code grpckit.server.executor.non-blocking.warn-after} is logged as a
 * warning naming the method; {@code grpckit.server.executor.non-blocking.enabled=false}
 * runs every call on the service executor again without a rebuild.
 * <p>
 * On a class: every method of the service. On a method of the service implementation (the
 * generated base class's method it overrides, such as {@code sayHello} for
 * {@code SayHello}): that method only. The in-process server and the HTTP bridge run calls
 * as they do without it.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface NonBlocking {

}
