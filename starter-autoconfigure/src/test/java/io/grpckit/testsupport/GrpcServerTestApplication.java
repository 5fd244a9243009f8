package io.grpckit.testsupport;

import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import com.google.rpc.BadRequest;
import com.google.rpc.BadRequest.FieldViolation;
import com.google.rpc.Code;
import com.google.rpc.RetryInfo;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpckit.server.error.GrpcAdvice;
import io.grpckit.server.error.GrpcExceptionHandler;
import io.grpckit.server.interceptor.GlobalServerInterceptor;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;

/**
 * The server application of the end-to-end tests: every auto-configuration, the
 * {@link EchoService}, the {@link OrderedEchoService} with interceptors of its own, two
 * global interceptors declared out of order, and an advice that maps
 * IllegalArgumentException (and UnsupportedOperationException to a {@code com.google.rpc.Status}). Start it with {@link GrpcServerIntegrationTest}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ EchoService.class, OrderedEchoService.class, GrpcServerTestApplication.MappingAdvice.class })
public class GrpcServerTestApplication {

	@Bean
	@GlobalServerInterceptor
	@Order(20)
	ServerInterceptor globalB() {
		return RecordingInterceptors.named("global-B");
	}

	@Bean
	@GlobalServerInterceptor
	@Order(10)
	ServerInterceptor globalA() {
		return RecordingInterceptors.named("global-A");
	}

	@Bean
	ServerInterceptor serviceInterceptorD() {
		return RecordingInterceptors.named("service-D");
	}

	/** Description of the status the advice sends for {@code rich:bad-request}. */
	public static final String RICH_MESSAGE = "text: rich:bad-request (expected: any other text)";

	/** The rule its BadRequest names for the field {@code text}. */
	public static final String RICH_RULE = "must not be rich:bad-request";

	/** Maps IllegalArgumentException to INVALID_ARGUMENT, "mapped by advice". */
	@GrpcAdvice
	static class MappingAdvice {

		@GrpcExceptionHandler
		Status illegalArgument(IllegalArgumentException ex) {
			return Status.INVALID_ARGUMENT.withDescription("mapped by advice");
		}

		/**
		 * Maps {@code rich:bad-request} to INVALID_ARGUMENT with a BadRequest and a RetryInfo;
		 * {@code rich:ok} and {@code rich:unknown-code} to statuses no handler may return.
		 */
		@GrpcExceptionHandler
		com.google.rpc.Status richStatus(UnsupportedOperationException ex) {
			return switch (String.valueOf(ex.getMessage())) {
				case "rich:ok" -> com.google.rpc.Status.newBuilder().setCode(0).setMessage("fine?").build();
				case "rich:unknown-code" -> com.google.rpc.Status.newBuilder().setCode(99).setMessage("what?").build();
				default -> com.google.rpc.Status.newBuilder()
					.setCode(Code.INVALID_ARGUMENT.getNumber())
					.setMessage(RICH_MESSAGE)
					.addDetails(Any.pack(BadRequest.newBuilder()
						.addFieldViolations(FieldViolation.newBuilder().setField("text").setDescription(RICH_RULE))
						.build()))
					.addDetails(Any.pack(RetryInfo.newBuilder()
						.setRetryDelay(Duration.newBuilder().setSeconds(3))
						.build()))
					.build();
			};
		}

	}

}
