package io.grpckit.server.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;

/**
 * Matches unless {@code grpckit.server.enabled} is false: whether a gRPC server may run at
 * all. Only what starts a server of its own uses it ({@link GrpcServerAutoConfiguration},
 * the separate channelz admin server); features of the application's server use
 * {@link ConditionalOnGrpcServer}.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ConditionalOnBooleanProperty(name = "grpckit.server.enabled", matchIfMissing = true)
public @interface ConditionalOnGrpcServerEnabled {

}
