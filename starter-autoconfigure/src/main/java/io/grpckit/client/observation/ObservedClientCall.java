package io.grpckit.client.observation;

import io.grpc.ClientCall;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.Metadata;
import io.grpckit.internal.observation.MessageCounter;
import io.micrometer.core.instrument.binder.grpc.GrpcClientObservationContext;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * The request side of an observed client call: starts the observation with the request
 * headers as carrier (so the trace context goes out with them), counts messages sent and
 * runs each step in the observation's scope. The listener stops the observation.
 */
final class ObservedClientCall<ReqT, RespT> extends SimpleForwardingClientCall<ReqT, RespT> {

	private final Observation observation;

	private final @Nullable MessageCounter sent;

	private final @Nullable MessageCounter received;

	ObservedClientCall(ClientCall<ReqT, RespT> delegate, Observation observation, @Nullable MessageCounter sent,
			@Nullable MessageCounter received) {
		super(delegate);
		this.observation = observation;
		this.sent = sent;
		this.received = received;
	}

	@Override
	public void start(Listener<RespT> responseListener, Metadata headers) {
		((GrpcClientObservationContext) this.observation.getContext()).setCarrier(headers);
		this.observation.start();
		inScope(() -> super.start(new ObservedClientCallListener<>(responseListener, this.observation, this.received),
				headers));
	}

	@Override
	public void sendMessage(ReqT message) {
		if (this.sent != null) {
			this.sent.increment();
		}
		inScope(() -> super.sendMessage(message));
	}

	@Override
	public void halfClose() {
		inScope(super::halfClose);
	}

	/** Run a step in the observation's scope; a step that throws ends the observation with its error. */
	private void inScope(Runnable step) {
		try (Observation.Scope scope = this.observation.openScope()) {
			step.run();
		}
		catch (RuntimeException | Error ex) {
			this.observation.error(ex);
			this.observation.stop();
			throw ex;
		}
	}

}
