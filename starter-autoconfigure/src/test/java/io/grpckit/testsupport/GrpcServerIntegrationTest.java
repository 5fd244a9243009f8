package io.grpckit.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * Runs a test class against {@link GrpcServerTestApplication} on real Netty, on a free
 * loopback port. A test method's {@link io.grpc.ManagedChannel} parameter is a channel to
 * it, closed after the test ({@link LoopbackChannelExtension}). Every class with this
 * annotation shares one application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(classes = GrpcServerTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = "grpckit.server.port=0")
@ExtendWith(LoopbackChannelExtension.class)
public @interface GrpcServerIntegrationTest {

}
