package io.grpckit.server.observation;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;
import io.grpckit.internal.observation.MessageCounter;
import io.micrometer.core.instrument.binder.grpc.GrpcServerObservationContext;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * The response side of an observed call: counts messages sent, and records the headers,
 * trailers and status on the observation's context. The listener stops the observation.
 */
final class ObservedServerCall<ReqT, RespT> extends SimpleForwardingServerCall<ReqT, RespT> {

	private final Observation observation;

	private final @Nullable MessageCounter sent;

	ObservedServerCall(ServerCall<ReqT, RespT> delegate, Observation observation, @Nullable MessageCounter sent) {
		super(delegate);
		this.observation = observation;
		this.sent = sent;
	}

	@Override
	public void sendHeaders(Metadata headers) {
		super.sendHeaders(headers);
		Metadata copy = new Metadata();
		copy.merge(headers);
		context().setHeaders(copy);
	}

	@Override
	public void sendMessage(RespT message) {
		if (this.sent != null) {
			this.sent.increment();
		}
		super.sendMessage(message);
	}

	@Override
	public void close(Status status, Metadata trailers) {
		if (status.getCause() != null) {
			this.observation.error(status.getCause());
		}
		Metadata copy = new Metadata();
		copy.merge(trailers);
		GrpcServerObservationContext context = context();
		context.setStatusCode(status.getCode());
		context.setTrailers(copy);
		context.setCancelled(isCancelled());
		super.close(status, trailers);
	}

	private GrpcServerObservationContext context() {
		return (GrpcServerObservationContext) this.observation.getContext();
	}

}
