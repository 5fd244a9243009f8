package io.grpckit.server.interceptor;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.grpckit.InterceptorOrder;

/**
 * Marks a {@link io.grpc.ServerInterceptor} bean (its class or its {@code @Bean} method)
 * as global: it applies to every service of the server. Global interceptors are ordered by
 * {@link org.springframework.core.annotation.Order @Order} or
 * {@link org.springframework.core.Ordered}; the lowest order runs first, outermost. See
 * {@link InterceptorOrder} for the order of the built-in ones.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface GlobalServerInterceptor {

}
