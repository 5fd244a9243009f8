package io.grpckit.test.slice;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpckit.client.GrpcClient;
import io.grpckit.server.GrpcServerLifecycle;
import io.grpckit.test.GrpcTest;
import io.grpckit.test.slice.proto.HelloGrpc;
import io.grpckit.test.slice.proto.HelloRequest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.web.context.WebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@code @GrpcTest} without a list of services: every gRPC service and the advice of the
 * application, served in process; a stub in a test field; nothing else.
 */
@GrpcTest(properties = "grpckit.server.reflection.enabled=false")
class GrpcTestSliceTests {

	@GrpcClient("hello")
	HelloGrpc.HelloBlockingStub hello;

	@Autowired
	ApplicationContext context;

	@Autowired
	GrpcServerLifecycle lifecycle;

	@Test
	void containsTheGrpcComponentsOnly() {
		assertThat(this.context.getBeanNamesForType(HelloService.class)).hasSize(1);
		assertThat(this.context.getBeanNamesForType(ShopService.class)).hasSize(1);
		assertThat(this.context.getBeanNamesForType(SliceAdvice.class)).hasSize(1);
		assertThat(this.context.getBeanNamesForType(NotGrpcComponent.class)).isEmpty();
	}

	@Test
	void hasNoWebServerAndNoActuator() {
		assertThat(this.context).isNotInstanceOf(WebApplicationContext.class)
			.isNotInstanceOf(WebServerApplicationContext.class);
		// Actuator is on this module's test class path, and @SpringBootTest would configure it
		assertThat(this.context.getBeanNamesForType(HealthEndpoint.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(io.micrometer.observation.ObservationRegistry.class)).isEmpty();
	}

	@Test
	void servesInProcessWithoutANetworkPort() {
		assertThat(this.lifecycle.getPort()).isEqualTo(-1);
		assertThat(this.lifecycle.getServiceNames()).contains("grpckit.test.slice.Hello", "grpckit.test.slice.Shop",
				"grpc.health.v1.Health");
	}

	@Test
	void propertiesOfTheAnnotationApply() {
		assertThat(this.lifecycle.getServiceNames()).noneMatch((name) -> name.startsWith("grpc.reflection"));
	}

	@Test
	void injectedStubCallsTheService() {
		assertThat(this.hello.say(HelloRequest.newBuilder().setName("slice").build()).getMessage())
			.isEqualTo("Hello, slice!");
	}

	@Test
	void adviceMapsTheServiceException() {
		StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
				() -> this.hello.say(HelloRequest.getDefaultInstance()));
		assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(failure.getStatus().getDescription()).isEqualTo("name: '' (expected: not empty)");
	}

}
