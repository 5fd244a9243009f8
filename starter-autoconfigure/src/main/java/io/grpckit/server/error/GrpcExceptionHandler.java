package io.grpckit.server.error;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a {@link GrpcAdvice @GrpcAdvice} bean that maps exceptions to a gRPC
 * status. The method takes the exception (optionally also the request
 * {@link io.grpc.Metadata}) and returns a {@link io.grpc.Status}, a
 * {@link io.grpc.StatusException} or a {@link io.grpc.StatusRuntimeException}; returning
 * {@code null} passes the exception on to the next handler.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface GrpcExceptionHandler {

	/**
	 * Exception types handled; empty means the types of the method's exception parameter.
	 * @return the exception types
	 */
	Class<? extends Throwable>[] value() default {};

}
