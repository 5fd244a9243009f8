package io.grpckit.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the application's gRPC server in-process in a {@code @SpringBootTest}: the server
 * gets a unique in-process name (published as {@code grpckit.server.inprocess.name}) and,
 * unless {@link #exclusive()} is false, no network port is opened.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface AutoConfigureInProcessGrpc {

	/**
	 * Whether to start only the in-process server, and no network server.
	 * @return whether the in-process server is the only one
	 */
	boolean exclusive() default true;

}
