package io.grpckit.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

/**
 * Imports the auto-configuration of {@link GrpcTest @GrpcTest}: the kit's gRPC server
 * (with health, reflection, security, access log) and client, and the few Boot
 * auto-configurations they build on (configuration properties, placeholders, SSL bundles,
 * lifecycle). The list is
 * {@code META-INF/spring/io.grpckit.test.AutoConfigureGrpc.imports}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
public @interface AutoConfigureGrpc {

}
