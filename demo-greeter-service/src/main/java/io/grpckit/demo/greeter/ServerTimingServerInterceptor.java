package io.grpckit.demo.greeter;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpckit.InterceptorOrder;
import io.grpckit.server.interceptor.GlobalServerInterceptor;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * An example of a global interceptor: every response of every service ends with a
 * {@code server-timing} trailer, the time the server spent on the call in milliseconds, in
 * the W3C Server-Timing syntax ({@code call;dur=1.27}). Clients, proxies and
 * {@code grpcurl -v} can read it; nothing else about the call changes.
 * <p>
 * {@link GlobalServerInterceptor @GlobalServerInterceptor} applies it to every service;
 * {@link Order @Order} places it just outside the kit's exception mapping
 * ({@link InterceptorOrder}), so the calls that mapping ends after an exception get the
 * trailer too. Without an order it would run last, innermost.
 */
@Component
@GlobalServerInterceptor
@Order(InterceptorOrder.EXCEPTION_MAPPING - 1)
class ServerTimingServerInterceptor implements ServerInterceptor {

	/** The trailer; {@code grpc-} names are reserved for gRPC itself. */
	static final Metadata.Key<String> SERVER_TIMING = Metadata.Key.of("server-timing",
			Metadata.ASCII_STRING_MARSHALLER);

	@Override
	public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
			ServerCallHandler<ReqT, RespT> next) {
		long started = System.nanoTime();
		return next.startCall(new SimpleForwardingServerCall<>(call) {

			@Override
			public void close(Status status, Metadata trailers) {
				// close is called once per call, after the last message: the whole call is timed
				trailers.put(SERVER_TIMING, serverTiming(System.nanoTime() - started));
				super.close(status, trailers);
			}

		}, headers);
	}

	/**
	 * Milliseconds with two decimals, rounded; integer arithmetic, since a per-call
	 * {@code String.format} cost as much as the rest of this demo's service code.
	 */
	static String serverTiming(long nanos) {
		long hundredths = (Math.max(nanos, 0) + 5_000) / 10_000;
		long fraction = hundredths % 100;
		return "call;dur=" + (hundredths / 100) + ((fraction < 10) ? ".0" : ".") + fraction;
	}

}
