package io.grpckit.server.error;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.aot.hint.annotation.Reflective;

/**
 * Marks a method of a {@link GrpcAdvice @GrpcAdvice} bean that maps exceptions to a gRPC
 * status. The method takes the exception (optionally also the request
 * {@link io.grpc.Metadata}) and returns a {@link io.grpc.Status}, a
 * {@link io.grpc.StatusException}, a {@link io.grpc.StatusRuntimeException} (its trailers are
 * sent) or a {@code com.google.rpc.Status} with details such as {@code BadRequest} or
 * {@code RetryInfo} (sent as {@code io.grpc.protobuf.StatusProto} sends it: its code and message
 * as the status, the whole message in the {@code grpc-status-details-bin} trailer); returning
 * {@code null} passes the exception on to the next handler. A status of code OK, or a
 * {@code com.google.rpc.Status} of a code gRPC does not know, is answered with INTERNAL and
 * logged as a warning naming the method.
 * <p>
 * {@link Reflective @Reflective}: Spring AOT registers every method carrying it on a bean
 * class for reflective invocation, so advice beans work in a native image.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Reflective
public @interface GrpcExceptionHandler {

	/**
	 * Exception types handled; empty means the types of the method's exception parameter.
	 * @return the exception types
	 */
	Class<? extends Throwable>[] value() default {};

}
