package io.grpckit.client.validation;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.ForwardingClientCallListener.SimpleForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpckit.internal.validation.MessageValidation;
import org.jspecify.annotations.Nullable;

/**
 * Validates every outgoing request message against its {@code buf.validate} rules. An
 * invalid message is never sent, and the call ends for the caller with the
 * INVALID_ARGUMENT, description and {@code google.rpc.BadRequest} a validating server
 * would have answered. A unary or server-streaming call is started only once its message
 * proved valid, so an invalid one sends nothing at all. A client or bidirectional stream
 * is started at once (its first message may come much later); an invalid message cancels
 * it: the messages before it were sent, and the server sees the call cancelled.
 * <p>
 * Installed per channel by {@code grpckit.client.channel.<name>.validation.enabled=true},
 * outermost, so that no other interceptor of the channel sees the invalid message.
 */
public final class ValidationClientInterceptor implements ClientInterceptor {

	private final MessageValidation validation;

	public ValidationClientInterceptor(MessageValidation validation) {
		this.validation = validation;
	}

	@Override
	public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(MethodDescriptor<ReqT, RespT> method,
			CallOptions callOptions, Channel next) {
		ClientCall<ReqT, RespT> call = next.newCall(method, callOptions);
		if (method.getType().clientSendsOneMessage()) {
			return new SingleRequestValidatingCall<>(call, this.validation);
		}
		return new ValidatingCall<>(call, this.validation);
	}

	/** A call whose client may send many messages: cancelled at the first invalid one. */
	private static final class ValidatingCall<ReqT, RespT> extends SimpleForwardingClientCall<ReqT, RespT> {

		private final MessageValidation validation;

		// written by the caller's thread in sendMessage, read when the call closes on the
		// call executor, after the cancel that the write happens before
		private volatile @Nullable StatusRuntimeException rejection;

		ValidatingCall(ClientCall<ReqT, RespT> delegate, MessageValidation validation) {
			super(delegate);
			this.validation = validation;
		}

		@Override
		public void start(Listener<RespT> responseListener, Metadata headers) {
			super.start(new SimpleForwardingClientCallListener<>(responseListener) {

				@Override
				public void onClose(Status status, Metadata trailers) {
					StatusRuntimeException rejected = ValidatingCall.this.rejection;
					if (rejected != null) {
						Metadata details = rejected.getTrailers();
						super.onClose(rejected.getStatus(), (details != null) ? details : new Metadata());
					}
					else {
						super.onClose(status, trailers);
					}
				}

			}, headers);
		}

		@Override
		public void sendMessage(ReqT message) {
			if (this.rejection != null) {
				return;
			}
			StatusRuntimeException invalid = this.validation.check(message);
			if (invalid == null) {
				super.sendMessage(message);
				return;
			}
			this.rejection = invalid;
			// the caller sees the INVALID_ARGUMENT above instead of this cancel's CANCELLED
			super.cancel("request message invalid, not sent", null);
		}

		@Override
		public void halfClose() {
			if (this.rejection == null) {
				super.halfClose();
			}
		}

	}

}
