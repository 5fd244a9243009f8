package io.grpckit.server.observation;

import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.ServerCall;
import org.jspecify.annotations.Nullable;

/**
 * The request side of a metered call: counts messages received and cancellations, and
 * records the call when it completes or is cancelled, with what its last callback threw.
 */
final class MeteredServerCallListener<ReqT> extends SimpleForwardingServerCallListener<ReqT> {

	private final MeteredServerCall<ReqT, ?> call;

	MeteredServerCallListener(ServerCall.Listener<ReqT> delegate, MeteredServerCall<ReqT, ?> call) {
		super(delegate);
		this.call = call;
	}

	@Override
	public void onMessage(ReqT message) {
		this.call.received();
		super.onMessage(message);
	}

	@Override
	public void onCancel() {
		this.call.cancelled();
		@Nullable Throwable failure = null;
		try {
			super.onCancel();
		}
		catch (RuntimeException | Error ex) {
			failure = ex;
			throw ex;
		}
		finally {
			this.call.stop(failure);
		}
	}

	@Override
	public void onComplete() {
		@Nullable Throwable failure = null;
		try {
			super.onComplete();
		}
		catch (RuntimeException | Error ex) {
			failure = ex;
			throw ex;
		}
		finally {
			this.call.stop(failure);
		}
	}

}
