package io.grpckit.testsupport;

import java.util.concurrent.TimeUnit;

import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpckit.test.proto.EchoGrpc;
import io.grpckit.test.proto.EchoRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Small helpers for calls in tests: requests to the echo service and the status of a call
 * that must fail.
 */
public final class Calls {

	private Calls() {
	}

	/**
	 * Return an echo request.
	 * @param text the text to echo
	 * @return the request
	 */
	public static EchoRequest request(String text) {
		return EchoRequest.newBuilder().setText(text).build();
	}

	/**
	 * Return a blocking stub of the echo service with a deadline of ten seconds.
	 * @param channel the channel to the server
	 * @return the stub
	 */
	public static EchoGrpc.EchoBlockingStub echo(Channel channel) {
		return EchoGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
	}

	/**
	 * Run a blocking call that must fail and return its status.
	 * @param call the call
	 * @return the status the client saw
	 */
	public static Status failure(Runnable call) {
		StatusRuntimeException ex = catchThrowableOfType(StatusRuntimeException.class, call::run);
		assertThat(ex).as("the call should fail").isNotNull();
		return ex.getStatus();
	}

}
