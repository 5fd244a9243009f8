package io.grpckit.server.observation;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;
import io.grpckit.internal.observation.CallMeters;
import io.micrometer.core.instrument.LongTaskTimer;
import org.jspecify.annotations.Nullable;

/**
 * The response side of a metered call and its state: when it started, the status and
 * failure it ends with, the messages it sends. The listener stops it.
 */
final class MeteredServerCall<ReqT, RespT> extends SimpleForwardingServerCall<ReqT, RespT> {

	private final CallMeters meters;

	private final long startTime;

	private final LongTaskTimer.@Nullable Sample active;

	// close and the listener's last callback may run on different threads, one after the other
	private volatile Status.@Nullable Code code;

	private volatile @Nullable Throwable error;

	MeteredServerCall(ServerCall<ReqT, RespT> delegate, CallMeters meters) {
		super(delegate);
		this.meters = meters;
		this.active = meters.startActive();
		this.startTime = meters.start();
	}

	@Override
	public void sendMessage(RespT message) {
		this.meters.sent();
		super.sendMessage(message);
	}

	@Override
	public void close(Status status, Metadata trailers) {
		if (status.getCause() != null) {
			this.error = status.getCause();
		}
		this.code = status.getCode();
		super.close(status, trailers);
	}

	void received() {
		this.meters.received();
	}

	void cancelled() {
		this.meters.cancelled();
	}

	/**
	 * Record the call.
	 * @param failure what its last callback threw, or {@code null}
	 */
	void stop(@Nullable Throwable failure) {
		if (failure != null) {
			this.error = failure;
		}
		this.meters.stop(this.startTime, this.active, this.code, this.error);
	}

}
