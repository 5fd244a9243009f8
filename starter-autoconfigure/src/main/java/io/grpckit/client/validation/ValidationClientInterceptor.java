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
 * invalid message is never sent: the call is cancelled and ends for the caller with the
 * INVALID_ARGUMENT, description and {@code google.rpc.BadRequest} a validating server
 * would have answered. Messages of a stream sent before the invalid one were sent; the
 * server sees the call cancelled.
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
		return new ValidatingCall<>(next.newCall(method, callOptions), this.validation);
	}

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
