package io.grpckit.server;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.grpc.ServerInterceptor;

import org.springframework.stereotype.Component;

/**
 * Marks a gRPC service implementation as a Spring component.
 * <p>
 * Every {@link io.grpc.BindableService} bean is served, annotated or not; the annotation
 * makes the class a component and names interceptors that apply to this service only. They
 * run inside the global interceptors, in the order given: interceptor classes first, then
 * interceptor bean names.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface GrpcService {

	/**
	 * Interceptor types for this service: a bean of the type is used when there is one,
	 * otherwise the class is instantiated with its no-argument constructor.
	 * @return the interceptor types
	 */
	Class<? extends ServerInterceptor>[] interceptors() default {};

	/**
	 * Names of interceptor beans for this service.
	 * @return the interceptor bean names
	 */
	String[] interceptorNames() default {};

}
