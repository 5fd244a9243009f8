package io.grpckit.server.validation;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpckit.InterceptorOrder;
import io.grpckit.internal.validation.MessageValidation;

import org.springframework.core.Ordered;
import org.springframework.util.PatternMatchUtils;

/**
 * Validates every request message against its {@code buf.validate} rules before service
 * code sees it. An invalid message ends the call with INVALID_ARGUMENT, a description
 * naming every violation and a {@code google.rpc.BadRequest} in the status details; the
 * message never reaches the service.
 * <p>
 * Streaming requests are validated message by message. When a message in the middle of a
 * stream is invalid, the messages before it were delivered; the service then sees the call
 * cancelled, as if the client had cancelled it: its request observer gets
 * {@code onError(CANCELLED)}, its cancel handler runs, and whatever it sends afterwards
 * (messages, a status) is dropped, because the call is already closed.
 * <p>
 * Runs inside security and limits ({@link InterceptorOrder#VALIDATION}), so an
 * unauthenticated or refused caller learns nothing about the rules.
 */
public final class ValidationServerInterceptor implements ServerInterceptor, Ordered {

	private final MessageValidation validation;

	private final List<String> excludedMethods;

	private final Map<String, Boolean> validated = new ConcurrentHashMap<>();

	/**
	 * Create an interceptor.
	 * @param validation the validation of messages
	 * @param excludedMethods patterns of the methods not to validate, full method names in
	 * which {@code *} matches any text ({@code package.Service/Method},
	 * {@code package.Service/*})
	 */
	public ValidationServerInterceptor(MessageValidation validation, List<String> excludedMethods) {
		this.validation = validation;
		this.excludedMethods = List.copyOf(excludedMethods);
	}

	@Override
	public int getOrder() {
		return InterceptorOrder.VALIDATION;
	}

	@Override
	public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
			ServerCallHandler<ReqT, RespT> next) {
		if (!isValidated(call.getMethodDescriptor().getFullMethodName())) {
			return next.startCall(call, headers);
		}
		GuardedCall<ReqT, RespT> guarded = new GuardedCall<>(call);
		return new ValidatingListener<>(next.startCall(guarded, headers), guarded, this.validation);
	}

	private boolean isValidated(String fullMethodName) {
		return this.validated.computeIfAbsent(fullMethodName, (name) -> this.excludedMethods.stream()
			.noneMatch((pattern) -> PatternMatchUtils.simpleMatch(pattern, name)));
	}

	/**
	 * Passes messages to the service only while they are valid. Listener callbacks are
	 * serialized by grpc-java, so the state needs no lock.
	 */
	private static final class ValidatingListener<ReqT, RespT> extends SimpleForwardingServerCallListener<ReqT> {

		private final GuardedCall<ReqT, RespT> call;

		private final MessageValidation validation;

		private boolean rejected;

		ValidatingListener(ServerCall.Listener<ReqT> delegate, GuardedCall<ReqT, RespT> call,
				MessageValidation validation) {
			super(delegate);
			this.call = call;
			this.validation = validation;
		}

		@Override
		public void onMessage(ReqT message) {
			if (this.rejected) {
				return;
			}
			StatusRuntimeException invalid = this.validation.check(message);
			if (invalid == null) {
				super.onMessage(message);
				return;
			}
			this.rejected = true;
			Metadata trailers = (invalid.getTrailers() != null) ? invalid.getTrailers() : new Metadata();
			this.call.closeFromOutside(invalid.getStatus(), trailers);
			// the service learns that the call is over the way it learns of a client's cancel:
			// its stream observers get onError(CANCELLED), its cancel handler runs
			super.onCancel();
		}

		@Override
		public void onHalfClose() {
			if (!this.rejected) {
				super.onHalfClose();
			}
		}

		@Override
		public void onReady() {
			if (!this.rejected) {
				super.onReady();
			}
		}

		@Override
		public void onCancel() {
			if (!this.rejected) {
				super.onCancel();
			}
		}

		@Override
		public void onComplete() {
			// after a rejection the call completes (its INVALID_ARGUMENT was sent), but the service
			// was already told it is cancelled: one end per call
			if (!this.rejected) {
				super.onComplete();
			}
		}

	}

	/**
	 * The call as the service sees it: once validation closed it, whatever the service still
	 * sends is dropped instead of failing with "call already closed". The service may send
	 * from its own threads, hence the lock.
	 */
	private static final class GuardedCall<ReqT, RespT> extends SimpleForwardingServerCall<ReqT, RespT> {

		private final Object lock = new Object();

		private boolean closed;

		private boolean rejected;

		GuardedCall(ServerCall<ReqT, RespT> delegate) {
			super(delegate);
		}

		void closeFromOutside(Status status, Metadata trailers) {
			synchronized (this.lock) {
				if (!this.closed) {
					this.closed = true;
					this.rejected = true;
					super.close(status, trailers);
				}
			}
		}

		@Override
		public void sendHeaders(Metadata headers) {
			synchronized (this.lock) {
				if (!this.closed) {
					super.sendHeaders(headers);
				}
			}
		}

		@Override
		public void sendMessage(RespT message) {
			synchronized (this.lock) {
				if (!this.closed) {
					super.sendMessage(message);
				}
			}
		}

		@Override
		public void close(Status status, Metadata trailers) {
			synchronized (this.lock) {
				if (!this.closed) {
					this.closed = true;
					super.close(status, trailers);
				}
			}
		}

		@Override
		public boolean isReady() {
			synchronized (this.lock) {
				return !this.closed && super.isReady();
			}
		}

		@Override
		public boolean isCancelled() {
			synchronized (this.lock) {
				return this.rejected || super.isCancelled();
			}
		}

	}

}
