package io.grpckit.client.autoconfigure;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.MethodDescriptor;

/**
 * Gives every call without a deadline of its own a default one. A deadline inherited from
 * the call being served (through {@link io.grpc.Context}) still applies: grpc-java uses
 * the earlier of the two.
 */
final class DefaultDeadlineClientInterceptor implements ClientInterceptor {

	private final Duration deadline;

	/**
	 * Create an interceptor.
	 * @param deadline the default deadline, positive
	 */
	DefaultDeadlineClientInterceptor(Duration deadline) {
		if (deadline.isNegative() || deadline.isZero()) {
			throw new IllegalArgumentException("deadline: " + deadline + " (expected: > 0)");
		}
		this.deadline = deadline;
	}

	@Override
	public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(MethodDescriptor<ReqT, RespT> method,
			CallOptions callOptions, Channel next) {
		if (callOptions.getDeadline() == null) {
			callOptions = callOptions.withDeadlineAfter(this.deadline.toNanos(), TimeUnit.NANOSECONDS);
		}
		return next.newCall(method, callOptions);
	}

}
