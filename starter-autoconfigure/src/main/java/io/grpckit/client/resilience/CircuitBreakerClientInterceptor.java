package io.grpckit.client.resilience;

import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.ForwardingClientCallListener.SimpleForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import org.jspecify.annotations.Nullable;

/**
 * Guards the calls of one channel with a circuit breaker. A call asks the breaker for
 * permission when it starts; refused, it fails at once with UNAVAILABLE and nothing is
 * sent. A permitted call's outcome is recorded when it closes: a status in the failure
 * codes is a failure, any other a success; a unary call longer than the slow-call
 * threshold is also slow. Streaming calls count by their final status; their duration is
 * their lifetime, not a latency, so they are never slow.
 * <p>
 * Failures of this side are not the backend's and are not recorded: a call the breaker
 * refused, a call the client cancelled (its own {@code cancel()} or its cancelled
 * {@link Context}), and a call whose deadline had passed before it started (grpc-java
 * fails it without sending it). As the innermost interceptor of the channel, the breaker
 * sees one outcome per call: grpc-java's retries and hedging run below every interceptor.
 */
final class CircuitBreakerClientInterceptor implements ClientInterceptor {

	private final Function<MethodDescriptor<?, ?>, Guard> guards;

	private final Set<Status.Code> failureStatusCodes;

	/**
	 * Create an interceptor.
	 * @param guards the breaker of a call's method, with what it guards for the refusal
	 * message
	 * @param failureStatusCodes the status codes that count as failures
	 */
	CircuitBreakerClientInterceptor(Function<MethodDescriptor<?, ?>, Guard> guards,
			Set<Status.Code> failureStatusCodes) {
		this.guards = guards;
		this.failureStatusCodes = Set.copyOf(failureStatusCodes);
	}

	@Override
	public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(MethodDescriptor<ReqT, RespT> method,
			CallOptions callOptions, Channel next) {
		return new GuardedCall<>(next.newCall(method, callOptions), this.guards.apply(method), callOptions,
				method.getType() == MethodDescriptor.MethodType.UNARY);
	}

	/**
	 * A breaker and what it guards, e.g. {@code channel greeter} or
	 * {@code channel greeter, method helloworld.Greeter/SayHello}.
	 */
	record Guard(CircuitBreaker breaker, String subject) {
	}

	private final class GuardedCall<ReqT, RespT> extends SimpleForwardingClientCall<ReqT, RespT> {

		private final Guard guard;

		private final CallOptions callOptions;

		private final boolean timed;

		private boolean refused;

		// set by cancel(), read by the listener, which may run on another thread
		private volatile boolean cancelled;

		GuardedCall(ClientCall<ReqT, RespT> delegate, Guard guard, CallOptions callOptions, boolean timed) {
			super(delegate);
			this.guard = guard;
			this.callOptions = callOptions;
			this.timed = timed;
		}

		@Override
		public void start(Listener<RespT> listener, Metadata headers) {
			Context context = Context.current();
			if (failsLocally(context)) {
				// grpc-java fails it without sending anything: nothing to tell the breaker
				super.start(listener, headers);
				return;
			}
			CircuitBreaker breaker = this.guard.breaker();
			if (!breaker.tryAcquirePermission()) {
				this.refused = true;
				refuse(listener, context, breaker.getState());
				return;
			}
			try {
				super.start(new RecordingListener<>(listener, this, context, System.nanoTime()), headers);
			}
			catch (RuntimeException ex) {
				breaker.releasePermission();
				throw ex;
			}
		}

		private boolean failsLocally(Context context) {
			Deadline deadline = this.callOptions.getDeadline();
			return context.isCancelled() || (deadline != null && deadline.isExpired());
		}

		private void refuse(Listener<RespT> listener, Context context, CircuitBreaker.State state) {
			String description = (state == CircuitBreaker.State.HALF_OPEN)
					? "circuit breaker half-open for " + this.guard.subject() + ", its trial calls are under way"
					: "circuit breaker open for " + this.guard.subject();
			Status status = Status.UNAVAILABLE.withDescription(description);
			// like grpc-java's own failed calls: on the call's executor, never inside start() when it has one
			Executor executor = this.callOptions.getExecutor();
			Runnable close = context.wrap(() -> listener.onClose(status, new Metadata()));
			if (executor != null) {
				executor.execute(close);
			}
			else {
				close.run();
			}
		}

		@Override
		public void request(int numMessages) {
			if (!this.refused) {
				super.request(numMessages);
			}
		}

		@Override
		public void sendMessage(ReqT message) {
			if (!this.refused) {
				super.sendMessage(message);
			}
		}

		@Override
		public void halfClose() {
			if (!this.refused) {
				super.halfClose();
			}
		}

		@Override
		public void cancel(@Nullable String message, @Nullable Throwable cause) {
			if (!this.refused) {
				this.cancelled = true;
				super.cancel(message, cause);
			}
		}

		@Override
		public boolean isReady() {
			return !this.refused && super.isReady();
		}

		void record(Status status, Context context, long startNanos) {
			CircuitBreaker breaker = this.guard.breaker();
			if (status.getCode() == Status.Code.CANCELLED && (this.cancelled || context.isCancelled())) {
				// cancelled by this side, which says nothing of the backend
				breaker.releasePermission();
				return;
			}
			long duration = this.timed ? System.nanoTime() - startNanos : 0;
			if (CircuitBreakerClientInterceptor.this.failureStatusCodes.contains(status.getCode())) {
				breaker.onError(duration, TimeUnit.NANOSECONDS, new FailedCall(status));
			}
			else {
				breaker.onSuccess(duration, TimeUnit.NANOSECONDS);
			}
		}

	}

	private static final class RecordingListener<RespT> extends SimpleForwardingClientCallListener<RespT> {

		private final GuardedCall<?, RespT> call;

		private final Context context;

		private final long startNanos;

		RecordingListener(ClientCall.Listener<RespT> delegate, GuardedCall<?, RespT> call, Context context,
				long startNanos) {
			super(delegate);
			this.call = call;
			this.context = context;
			this.startNanos = startNanos;
		}

		@Override
		public void onClose(Status status, Metadata trailers) {
			// before the caller learns the outcome, so that the breaker already knows it
			this.call.record(status, this.context, this.startNanos);
			super.onClose(status, trailers);
		}

	}

	/** The failure handed to the breaker: the status, without a stack trace. */
	private static final class FailedCall extends RuntimeException {

		private static final long serialVersionUID = 1L;

		FailedCall(Status status) {
			super(status.getCode() + ((status.getDescription() != null) ? ": " + status.getDescription() : ""), null,
					false, false);
		}

	}

}
