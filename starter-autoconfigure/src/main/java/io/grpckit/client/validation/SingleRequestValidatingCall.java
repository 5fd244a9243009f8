package io.grpckit.client.validation;

import io.grpc.Attributes;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpckit.internal.validation.MessageValidation;
import org.jspecify.annotations.Nullable;

/**
 * A call whose client sends one message (unary, server streaming), started only once that
 * message proved valid: an invalid one fails the call without any stream being opened, so
 * nothing at all reaches the network. grpc-java's stubs start such a call and send its
 * message right away on the caller's thread, so deferring the start costs nothing.
 * <p>
 * Not thread-safe, like any {@link ClientCall}; the listener is called on the caller's
 * thread when the message is refused, before the delegate exists, so no other callback can
 * run at the same time.
 */
final class SingleRequestValidatingCall<ReqT, RespT> extends ClientCall<ReqT, RespT> {

	private final ClientCall<ReqT, RespT> delegate;

	private final MessageValidation validation;

	private @Nullable Listener<RespT> listener;

	private @Nullable Metadata headers;

	private int requested;

	private @Nullable Boolean messageCompression;

	private boolean started;

	private boolean closed;

	SingleRequestValidatingCall(ClientCall<ReqT, RespT> delegate, MessageValidation validation) {
		this.delegate = delegate;
		this.validation = validation;
	}

	@Override
	public void start(Listener<RespT> responseListener, Metadata headers) {
		this.listener = responseListener;
		this.headers = headers;
	}

	@Override
	public void request(int numMessages) {
		if (this.started) {
			this.delegate.request(numMessages);
		}
		else {
			this.requested += numMessages;
		}
	}

	@Override
	public void setMessageCompression(boolean enabled) {
		if (this.started) {
			this.delegate.setMessageCompression(enabled);
		}
		else {
			this.messageCompression = enabled;
		}
	}

	@Override
	public void sendMessage(ReqT message) {
		if (this.closed) {
			return;
		}
		if (!this.started) {
			StatusRuntimeException invalid = this.validation.check(message);
			if (invalid != null) {
				Metadata trailers = invalid.getTrailers();
				closeLocally(invalid.getStatus(), (trailers != null) ? trailers : new Metadata());
				return;
			}
			startDelegate();
		}
		this.delegate.sendMessage(message);
	}

	@Override
	public void halfClose() {
		if (this.closed) {
			return;
		}
		startDelegate();
		this.delegate.halfClose();
	}

	@Override
	public void cancel(@Nullable String message, @Nullable Throwable cause) {
		if (this.started) {
			this.delegate.cancel(message, cause);
		}
		else if (!this.closed && this.listener != null) {
			Status status = Status.CANCELLED;
			status = (message != null) ? status.withDescription(message) : status.withDescription("Call cancelled");
			closeLocally(status.withCause(cause), new Metadata());
		}
	}

	@Override
	public boolean isReady() {
		// before the start, the one message may be sent at once: it is only validated
		return !this.started || this.delegate.isReady();
	}

	@Override
	public Attributes getAttributes() {
		return this.started ? this.delegate.getAttributes() : Attributes.EMPTY;
	}

	private void startDelegate() {
		if (this.started) {
			return;
		}
		if (this.listener == null || this.headers == null) {
			throw new IllegalStateException("Not started");
		}
		this.started = true;
		this.delegate.start(this.listener, this.headers);
		if (this.messageCompression != null) {
			this.delegate.setMessageCompression(this.messageCompression);
		}
		if (this.requested > 0) {
			this.delegate.request(this.requested);
		}
	}

	private void closeLocally(Status status, Metadata trailers) {
		this.closed = true;
		if (this.listener != null) {
			this.listener.onClose(status, trailers);
		}
	}

}
