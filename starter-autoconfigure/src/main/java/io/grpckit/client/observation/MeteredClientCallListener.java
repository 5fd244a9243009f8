package io.grpckit.client.observation;

import io.grpc.ClientCall;
import io.grpc.ForwardingClientCallListener.SimpleForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.Status;

/**
 * The response side of a metered client call: counts messages received and records the
 * call before the application hears that it closed, so its timer is recorded when the
 * caller sees the result.
 */
final class MeteredClientCallListener<RespT> extends SimpleForwardingClientCallListener<RespT> {

	private final MeteredClientCall<?, RespT> call;

	MeteredClientCallListener(ClientCall.Listener<RespT> delegate, MeteredClientCall<?, RespT> call) {
		super(delegate);
		this.call = call;
	}

	@Override
	public void onMessage(RespT message) {
		this.call.received();
		super.onMessage(message);
	}

	@Override
	public void onClose(Status status, Metadata trailers) {
		this.call.closed(status);
		super.onClose(status, trailers);
	}

}
