package io.grpckit.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

/**
 * Adds Micrometer observation to a {@link GrpcTest @GrpcTest}, which leaves it out: Boot's
 * {@code ObservationRegistry} (when spring-boot-micrometer-observation is present) and the
 * kit's observation of served and outgoing calls. A test may also supply its own
 * {@code ObservationRegistry} bean, e.g. a {@code TestObservationRegistry}. The list is
 * {@code META-INF/spring/io.grpckit.test.AutoConfigureGrpcObservation.imports}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
public @interface AutoConfigureGrpcObservation {

}
