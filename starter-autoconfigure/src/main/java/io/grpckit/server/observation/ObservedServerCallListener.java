package io.grpckit.server.observation;

import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.ServerCall;
import io.grpckit.internal.observation.MessageCounter;
import io.micrometer.core.instrument.binder.grpc.GrpcObservationDocumentation.GrpcServerEvents;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * The request side of an observed call: runs the service's callbacks in the observation's
 * scope (so logs and outgoing calls carry the trace), counts messages received and stops
 * the observation when the call completes or is cancelled.
 */
final class ObservedServerCallListener<ReqT> extends SimpleForwardingServerCallListener<ReqT> {

	private final Observation observation;

	private final @Nullable MessageCounter received;

	ObservedServerCallListener(ServerCall.Listener<ReqT> delegate, Observation observation,
			@Nullable MessageCounter received) {
		super(delegate);
		this.observation = observation;
		this.received = received;
	}

	@Override
	public void onMessage(ReqT message) {
		if (this.received != null) {
			this.received.increment();
		}
		try (Observation.Scope scope = this.observation.openScope()) {
			super.onMessage(message);
		}
	}

	@Override
	public void onHalfClose() {
		try (Observation.Scope scope = this.observation.openScope()) {
			super.onHalfClose();
		}
	}

	@Override
	public void onReady() {
		try (Observation.Scope scope = this.observation.openScope()) {
			super.onReady();
		}
	}

	@Override
	public void onCancel() {
		this.observation.event(GrpcServerEvents.CANCELLED);
		runThenStop(super::onCancel);
	}

	@Override
	public void onComplete() {
		runThenStop(super::onComplete);
	}

	/** The call's last callback: in scope, recording a fault, and the observation ends either way. */
	private void runThenStop(Runnable callback) {
		try (Observation.Scope scope = this.observation.openScope()) {
			callback.run();
		}
		catch (RuntimeException | Error ex) {
			this.observation.error(ex);
			throw ex;
		}
		finally {
			this.observation.stop();
		}
	}

}
