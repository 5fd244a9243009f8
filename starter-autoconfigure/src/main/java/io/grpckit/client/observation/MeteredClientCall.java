package io.grpckit.client.observation;

import io.grpc.ClientCall;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpckit.internal.observation.CallMeters;
import io.micrometer.core.instrument.LongTaskTimer;
import org.jspecify.annotations.Nullable;

/**
 * The request side of a metered client call: starts timing when the call starts, counts
 * messages sent, and records the call when it closes (before the application hears of it,
 * as the observing path does) or when a step fails.
 */
final class MeteredClientCall<ReqT, RespT> extends SimpleForwardingClientCall<ReqT, RespT> {

	private final CallMeters meters;

	// written in start(), before the transport has the listener; the listener's callbacks follow it
	private long startTime;

	private LongTaskTimer.@Nullable Sample active;

	MeteredClientCall(ClientCall<ReqT, RespT> delegate, CallMeters meters) {
		super(delegate);
		this.meters = meters;
	}

	@Override
	public void start(Listener<RespT> responseListener, Metadata headers) {
		this.active = this.meters.startActive();
		this.startTime = this.meters.start();
		try {
			super.start(new MeteredClientCallListener<>(responseListener, this), headers);
		}
		catch (RuntimeException | Error ex) {
			stop(null, ex);
			throw ex;
		}
	}

	@Override
	public void sendMessage(ReqT message) {
		this.meters.sent();
		try {
			super.sendMessage(message);
		}
		catch (RuntimeException | Error ex) {
			stop(null, ex);
			throw ex;
		}
	}

	@Override
	public void halfClose() {
		try {
			super.halfClose();
		}
		catch (RuntimeException | Error ex) {
			stop(null, ex);
			throw ex;
		}
	}

	void received() {
		this.meters.received();
	}

	void closed(Status status) {
		Status.Code code = status.getCode();
		boolean failed = code != Status.Code.OK && code != Status.Code.CANCELLED;
		stop(code, failed ? status.getCause() : null);
	}

	private void stop(Status.@Nullable Code code, @Nullable Throwable error) {
		this.meters.stop(this.startTime, this.active, code, error);
	}

}
