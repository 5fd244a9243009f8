package io.grpckit.client.observation;

import io.grpc.ClientCall;
import io.grpc.ForwardingClientCallListener.SimpleForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpckit.internal.observation.MessageCounter;
import io.micrometer.core.instrument.binder.grpc.GrpcClientObservationContext;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * The response side of an observed client call: counts messages received, records
 * headers, trailers and status, and stops the observation before the application hears
 * that the call closed, so its timer is recorded when the caller sees the result.
 */
final class ObservedClientCallListener<RespT> extends SimpleForwardingClientCallListener<RespT> {

	private final Observation observation;

	private final @Nullable MessageCounter received;

	ObservedClientCallListener(ClientCall.Listener<RespT> delegate, Observation observation,
			@Nullable MessageCounter received) {
		super(delegate);
		this.observation = observation;
		this.received = received;
	}

	@Override
	public void onHeaders(Metadata headers) {
		super.onHeaders(headers);
		Metadata copy = new Metadata();
		copy.merge(headers);
		context().setHeaders(copy);
	}

	@Override
	public void onMessage(RespT message) {
		if (this.received != null) {
			this.received.increment();
		}
		super.onMessage(message);
	}

	@Override
	public void onClose(Status status, Metadata trailers) {
		GrpcClientObservationContext context = context();
		context.setStatusCode(status.getCode());
		context.setTrailers(trailers);
		if (status.getCode() != Status.Code.OK && status.getCode() != Status.Code.CANCELLED
				&& status.getCause() != null) {
			this.observation.error(status.getCause());
		}
		this.observation.stop();
		super.onClose(status, trailers);
	}

	private GrpcClientObservationContext context() {
		return (GrpcClientObservationContext) this.observation.getContext();
	}

}
