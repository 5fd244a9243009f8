package io.grpckit.server.error;

import java.util.ArrayList;
import java.util.List;

import com.google.rpc.BadRequest;
import com.google.rpc.RetryInfo;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpckit.RequestId;
import io.grpckit.client.GrpcErrorDetails;
import io.grpckit.testsupport.GrpcServerIntegrationTest;
import io.grpckit.testsupport.GrpcServerTestApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static io.grpckit.testsupport.Calls.echo;
import static io.grpckit.testsupport.Calls.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A {@link GrpcExceptionHandler} answering with a {@code com.google.rpc.Status} over real Netty:
 * its details reach the client in {@code grpc-status-details-bin}, and a status no handler may
 * return (OK, an unknown code) is INTERNAL for the client and one warning on the server.
 */
@GrpcServerIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class RichErrorDetailsIntegrationTests {

	private static final Metadata.Key<byte[]> DETAILS = Metadata.Key.of("grpc-status-details-bin",
			Metadata.BINARY_BYTE_MARSHALLER);

	@Test
	void aHandlersRichStatusReachesTheClientWithItsDetails(ManagedChannel channel) {
		List<StatusRuntimeException> failures = new ArrayList<>();
		failures.add(catchThrowableOfType(StatusRuntimeException.class,
				() -> echo(channel).unary(request("rich:bad-request"))));
		failures.add(catchThrowableOfType(StatusRuntimeException.class,
				() -> echo(channel).serverStream(request("rich:bad-request")).next()));
		for (StatusRuntimeException failure : failures) {
			assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
			assertThat(failure.getStatus().getDescription()).isEqualTo(GrpcServerTestApplication.RICH_MESSAGE);
			// the wire form: the whole google.rpc.Status in the trailer, as StatusProto reads it
			com.google.rpc.Status rich = StatusProto.fromThrowable(failure);
			assertThat(rich).isNotNull();
			assertThat(rich.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT.value());
			assertThat(rich.getMessage()).isEqualTo(GrpcServerTestApplication.RICH_MESSAGE);
			assertThat(rich.getDetailsCount()).isEqualTo(2);
			// the one documented call
			BadRequest badRequest = GrpcErrorDetails.find(failure, BadRequest.class).orElseThrow();
			assertThat(badRequest.getFieldViolationsList()).singleElement().satisfies((violation) -> {
				assertThat(violation.getField()).isEqualTo("text");
				assertThat(violation.getDescription()).isEqualTo(GrpcServerTestApplication.RICH_RULE);
			});
			RetryInfo retry = GrpcErrorDetails.find(failure, RetryInfo.class).orElseThrow();
			assertThat(retry.getRetryDelay().getSeconds()).isEqualTo(3);
			// the kit's own trailers are still there
			assertThat(failure.getTrailers().get(RequestId.HEADER)).isNotBlank();
		}
	}

	@Test
	void aRichStatusOfCodeOkIsInternalAndAWarningNamingTheHandler(CapturedOutput output, ManagedChannel channel) {
		assertInternalAndWarned(output, channel, "rich:ok", "a status with OK");
	}

	@Test
	void aRichStatusOfAnUnknownCodeIsInternalAndAWarningNamingTheHandler(CapturedOutput output,
			ManagedChannel channel) {
		assertInternalAndWarned(output, channel, "rich:unknown-code", "a status with unknown code 99");
	}

	private static void assertInternalAndWarned(CapturedOutput output, ManagedChannel channel, String text,
			String what) {
		StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
				() -> echo(channel).unary(request(text)));
		assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
		assertThat(failure.getStatus().getDescription())
			.isEqualTo(ExceptionMappingServerInterceptor.INTERNAL_DESCRIPTION);
		assertThat(failure.getTrailers().get(DETAILS)).isNull();
		assertThat(String.valueOf(failure.getStatus()) + failure.getTrailers()).doesNotContain("fine?", "what?");
		String requestId = failure.getTrailers().get(RequestId.HEADER);
		String warning = "WARN";
		String line = "@GrpcExceptionHandler " + GrpcServerTestApplication.class.getName()
				+ "$MappingAdvice.richStatus returned " + what
				+ " for java.lang.UnsupportedOperationException; answering INTERNAL [requestId=" + requestId + "]";
		assertThat(output.getOut()).contains(line);
		assertThat(output.getOut().split(java.util.regex.Pattern.quote(line))).hasSize(2);
		assertThat(output.getOut().lines().filter((logged) -> logged.contains(line)))
			.allMatch((logged) -> logged.contains(warning));
		// logged once: not again by the safety net
		assertThat(output.getOut()).doesNotContain("Unexpected failure in grpckit.test.Echo/Unary [requestId="
				+ requestId + "]");
	}

}
