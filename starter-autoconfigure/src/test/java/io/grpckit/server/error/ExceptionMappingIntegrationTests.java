package io.grpckit.server.error;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.grpckit.RequestId;
import io.grpckit.test.proto.EchoGrpc;
import io.grpckit.test.proto.EchoReply;
import io.grpckit.test.proto.EchoRequest;
import io.grpckit.testsupport.EchoService;
import io.grpckit.testsupport.GrpcServerIntegrationTest;
import io.grpckit.testsupport.StreamEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static io.grpckit.testsupport.Calls.echo;
import static io.grpckit.testsupport.Calls.failure;
import static io.grpckit.testsupport.Calls.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Exceptions of service code end to end, in every call mode: a {@link GrpcAdvice} of
 * {@code GrpcServerTestApplication} maps them, a status passes unchanged, anything else becomes INTERNAL with nothing leaked.
 */
@GrpcServerIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class ExceptionMappingIntegrationTests {

	@Test
	void adviceMapsExceptionsInEveryCallMode(ManagedChannel channel) {
		assertThat(failure(() -> echo(channel).unary(request("throw:illegal")))).satisfies(this::mappedByAdvice);
		assertThat(failure(() -> echo(channel).serverStream(request("throw:illegal")).next()))
			.satisfies(this::mappedByAdvice);
		assertThat(streamFailure(channel, false, "ok", "throw:illegal")).satisfies(this::mappedByAdvice);
		assertThat(streamFailure(channel, true, "ok", "throw:illegal")).satisfies(this::mappedByAdvice);
	}

	private void mappedByAdvice(Status status) {
		assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(status.getDescription()).isEqualTo("mapped by advice");
	}

	@Test
	void statusExceptionsPassThroughUnchanged(ManagedChannel channel) {
		Status status = failure(() -> echo(channel).unary(request("status:invalid")));
		assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(status.getDescription()).isEqualTo("text: invalid");
	}

	@Test
	void unmappedExceptionsBecomeInternalWithNothingLeaked(CapturedOutput output, ManagedChannel channel) {
		List<StatusRuntimeException> failures = new ArrayList<>();
		failures.add(catchThrowableOfType(StatusRuntimeException.class,
				() -> echo(channel).unary(request("throw:secret"))));
		failures.add(catchThrowableOfType(StatusRuntimeException.class,
				() -> echo(channel).unary(request("onerror:secret"))));
		failures.add(catchThrowableOfType(StatusRuntimeException.class,
				() -> echo(channel).serverStream(request("throw:secret")).next()));
		for (StatusRuntimeException failure : failures) {
			assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
			assertThat(failure.getStatus().getDescription())
				.isEqualTo(ExceptionMappingServerInterceptor.INTERNAL_DESCRIPTION);
			String everything = failure.getStatus() + " " + failure.getTrailers();
			assertThat(everything).doesNotContain(EchoService.SECRET, "IllegalStateException", "at io.grpckit");
		}
		Status streamed = streamFailure(channel, false, "throw:secret");
		assertThat(streamed.getCode()).isEqualTo(Status.Code.INTERNAL);
		assertThat(streamed.getDescription()).isEqualTo(ExceptionMappingServerInterceptor.INTERNAL_DESCRIPTION);
		// logged on the server, once per failure, with the request id
		String requestId = failures.get(0).getTrailers().get(RequestId.HEADER);
		assertThat(output.getOut()).contains("Unexpected failure in grpckit.test.Echo/Unary [requestId=" + requestId + "]");
		assertThat(output.getOut().split("Unexpected failure in grpckit.test.Echo/Unary \\[requestId=" + requestId))
			.hasSize(2);
	}

	private static Status streamFailure(ManagedChannel channel, boolean bidi, String... texts) {
		StreamEvents<EchoReply> events = new StreamEvents<>();
		EchoGrpc.EchoStub stub = EchoGrpc.newStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
		StreamObserver<EchoRequest> requests = bidi ? stub.bidi(events) : stub.clientStream(events);
		for (String text : texts) {
			requests.onNext(request(text));
		}
		requests.onCompleted();
		try {
			while (true) {
				Object event = events.poll(10);
				if (event instanceof StatusRuntimeException failure) {
					return failure.getStatus();
				}
				assertThat(event).as("a failure").isNotNull().isNotEqualTo(StreamEvents.COMPLETED);
			}
		}
		catch (InterruptedException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
