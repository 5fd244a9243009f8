package io.grpckit.server.limits;

import java.time.Duration;

import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpckit.InterceptorOrder;
import io.grpckit.RequestId;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.Ordered;
import org.springframework.core.log.LogMessage;

/**
 * Acts on what {@link Admission} decided: closes a refused call with its status and a
 * {@code grpc-retry-pushback-ms} trailer, refuses an admitted call that waited longer than
 * the maximum queue time, and gives an admitted call's permits back when it ends. Runs
 * inside the request id and observation interceptors (a refusal carries the request id and
 * is measured like any call) and outside exception mapping, so no advice sees a refusal.
 */
final class LimitsServerInterceptor implements ServerInterceptor, Ordered {

	private static final Log logger = LogFactory.getLog(LimitsServerInterceptor.class);

	static final Metadata.Key<String> PUSHBACK = Metadata.Key.of("grpc-retry-pushback-ms",
			Metadata.ASCII_STRING_MARSHALLER);

	private final GrpcServerLimits limits;

	LimitsServerInterceptor(GrpcServerLimits limits) {
		this.limits = limits;
	}

	@Override
	public int getOrder() {
		return InterceptorOrder.LIMITS;
	}

	@Override
	public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
			ServerCallHandler<ReqT, RespT> next) {
		Ticket ticket = Ticket.current(headers);
		if (ticket == null) {
			return next.startCall(call, headers);
		}
		if (ticket.refusal != null) {
			return refuse(call, ticket.governance.method(), ticket.refusal, ticket.status, ticket.pushbackMillis,
					this.limits);
		}
		Duration maxQueueTime = this.limits.maxQueueTime();
		if (maxQueueTime != null && ticket.governance.queueTimed()) {
			long waited = System.nanoTime() - ticket.admittedNanos;
			if (waited > maxQueueTime.toNanos()) {
				ticket.release(false);
				Status status = Status.UNAVAILABLE.withDescription("waited " + waited / 1_000_000
						+ " ms for a service thread, longer than grpckit.server.limits.max-queue-time ("
						+ maxQueueTime.toMillis() + " ms)");
				return refuse(call, ticket.governance.method(), LimitsObserver.Refusal.QUEUE_TIME, status,
						this.limits.retryPushbackMillis(), this.limits);
			}
		}
		this.limits.observer().admitted(ticket.governance.method());
		ServerCall.Listener<ReqT> listener;
		try {
			listener = next.startCall(call, headers);
		}
		catch (RuntimeException | Error ex) {
			ticket.release(false);
			throw ex;
		}
		return new ReleasingListener<>(listener, ticket);
	}

	static <ReqT> ServerCall.Listener<ReqT> refuse(ServerCall<ReqT, ?> call, String method,
			LimitsObserver.Refusal reason, Status status, long pushbackMillis, GrpcServerLimits limits) {
		limits.observer().refused(method, reason);
		if (logger.isDebugEnabled()) {
			logger.debug(LogMessage.format("Refused %s [requestId=%s]: %s", method, RequestId.current(),
					status.getDescription()));
		}
		Metadata trailers = new Metadata();
		trailers.put(PUSHBACK, Long.toString(pushbackMillis));
		if (!call.getMethodDescriptor().getType().clientSendsOneMessage()) {
			call.close(status, trailers);
			return new ServerCall.Listener<>() {
			};
		}
		// A client that sends one message has it on the way with its headers. Closing before it
		// arrives makes the server answer it with RST_STREAM, which grpc-java counts against the
		// connection's reset limit (max-resets-per-window): a flood of refusals would end in
		// GOAWAY for a well-behaved client. So take the message, then close.
		call.request(1);
		return new ServerCall.Listener<>() {

			private boolean closed;

			@Override
			public void onHalfClose() {
				if (!this.closed) {
					this.closed = true;
					call.close(status, trailers);
				}
			}

		};
	}

	/** Gives the permits back when the call ends, however it ends. */
	private static final class ReleasingListener<ReqT> extends SimpleForwardingServerCallListener<ReqT> {

		private final Ticket ticket;

		ReleasingListener(ServerCall.Listener<ReqT> delegate, Ticket ticket) {
			super(delegate);
			this.ticket = ticket;
		}

		@Override
		public void onComplete() {
			this.ticket.release(this.ticket.governance.unary());
			super.onComplete();
		}

		@Override
		public void onCancel() {
			this.ticket.release(false);
			super.onCancel();
		}

	}

}
