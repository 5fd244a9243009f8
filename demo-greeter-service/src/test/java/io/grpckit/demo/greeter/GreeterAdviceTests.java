package io.grpckit.demo.greeter;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.grpckit.client.GrpcClient;
import io.grpckit.demo.greeter.proto.GreeterGrpc;
import io.grpckit.demo.greeter.proto.HelloRequest;
import io.grpckit.test.GrpcTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The greeter's {@link GreeterAdvice} in a {@code @GrpcTest} slice (the service, the advice
 * and the global interceptor, served in process): a greeter whose timer thread has stopped
 * answers delayed calls with UNAVAILABLE, not the safety net's INTERNAL, and logs no error;
 * calls without a delay are served as ever.
 */
@GrpcTest(properties = "spring.main.allow-bean-definition-overriding=true")
@ExtendWith(OutputCaptureExtension.class)
class GreeterAdviceTests {

	@GrpcClient("greeter")
	GreeterGrpc.GreeterBlockingStub greeter;

	@Test
	void refusedDelayIsUnavailableWithItsOwnDescription(CapturedOutput output) {
		AtomicReference<Metadata> trailers = new AtomicReference<>();
		GreeterGrpc.GreeterBlockingStub stub = greeter()
			.withInterceptors(MetadataUtils.newCaptureMetadataInterceptor(new AtomicReference<>(), trailers));
		StatusRuntimeException unary = catchThrowableOfType(StatusRuntimeException.class,
				() -> stub.sayHello(HelloRequest.newBuilder().setName("late").setDelayMs(100).build()));
		assertThat(unary.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
		assertThat(unary.getStatus().getDescription()).isEqualTo(GreeterAdvice.SHUTTING_DOWN);
		StatusRuntimeException stream = catchThrowableOfType(StatusRuntimeException.class,
				() -> stub.sayHelloStream(HelloRequest.newBuilder().setName("late").setCount(2).setDelayMs(100).build())
					.forEachRemaining((reply) -> {
					}));
		assertThat(stream.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
		// the global interceptor runs outside the exception mapping: mapped calls are timed too
		assertThat(trailers.get().get(ServerTimingServerInterceptor.SERVER_TIMING)).startsWith("call;dur=");
		assertThat(output).doesNotContain("ERROR", "Unexpected failure");
	}

	@Test
	void callsWithoutDelayAreServedAsEver() {
		assertThat(greeter().sayHello(HelloRequest.newBuilder().setName("now").build()).getMessage())
			.isEqualTo("Hello, now!");
	}

	private GreeterGrpc.GreeterBlockingStub greeter() {
		return this.greeter.withDeadlineAfter(10, TimeUnit.SECONDS);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class StoppedTimer {

		// replaces the scanned bean: a greeter whose timer thread has already stopped
		@Bean
		GreeterService greeterService() {
			GreeterService greeter = new GreeterService();
			greeter.destroy();
			return greeter;
		}

	}

}
