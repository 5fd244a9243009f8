package io.grpckit.server.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.grpckit.server.GrpcServerLifecycle;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;

/**
 * Matches when the kit's gRPC server is configured: it is enabled
 * ({@link ConditionalOnGrpcServerEnabled}) and there are services to serve, so
 * {@link GrpcServerAutoConfiguration} defined its {@link GrpcServerLifecycle}. Every
 * feature that needs the server (health, reflection, security, observation, access log,
 * channelz) uses this condition, in an auto-configuration ordered after
 * {@link GrpcServerAutoConfiguration}.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ConditionalOnBean(GrpcServerLifecycle.class)
public @interface ConditionalOnGrpcServer {

}
