package io.grpckit.server.error;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.stereotype.Component;

/**
 * Marks a bean whose {@link GrpcExceptionHandler @GrpcExceptionHandler} methods map
 * exceptions thrown by gRPC services to a status, like {@code @ControllerAdvice} does for
 * Spring MVC. Advice beans are consulted in {@code @Order}; within one bean the handler for
 * the closest exception type wins.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface GrpcAdvice {

}
