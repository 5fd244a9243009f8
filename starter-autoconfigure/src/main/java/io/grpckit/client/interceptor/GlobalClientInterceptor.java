package io.grpckit.client.interceptor;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@link io.grpc.ClientInterceptor} bean (its class or its {@code @Bean} method)
 * as global: it applies to every channel of the {@link io.grpckit.client.GrpcChannelFactory}.
 * Global interceptors are ordered like server ones, by
 * {@link org.springframework.core.annotation.Order @Order} or
 * {@link org.springframework.core.Ordered}: the lowest order runs first, outermost. See
 * {@link io.grpckit.InterceptorOrder} for the built-in ones. Per-channel
 * interceptors ({@code grpckit.client.channel.<name>.interceptors}) run inside them.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface GlobalClientInterceptor {

}
