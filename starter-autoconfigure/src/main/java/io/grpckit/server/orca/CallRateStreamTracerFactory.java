package io.grpckit.server.orca;

import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

import io.grpc.Metadata;
import io.grpc.ServerStreamTracer;
import io.grpc.Status;

/**
 * Counts finished calls and failed ones for the rates an ORCA report carries. A stream
 * tracer rather than an interceptor: one shared, stateless tracer serves every call, so
 * counting allocates nothing per call, and it sees every call with the status the client
 * got, also those that never reach a service (unknown method, refused, deadline exceeded).
 * Two {@link LongAdder}s keep concurrent calls from contending on one counter.
 */
final class CallRateStreamTracerFactory extends ServerStreamTracer.Factory {

	/**
	 * Statuses that say the server failed or could not serve the call; the others (OK,
	 * CANCELLED by the client, and the client's own mistakes such as INVALID_ARGUMENT or
	 * NOT_FOUND) would be the same on every backend and say nothing about this one.
	 */
	static final Set<Status.Code> SERVER_ERRORS = EnumSet.of(Status.Code.UNKNOWN, Status.Code.INTERNAL,
			Status.Code.UNAVAILABLE, Status.Code.DATA_LOSS, Status.Code.DEADLINE_EXCEEDED,
			Status.Code.RESOURCE_EXHAUSTED);

	private final LongAdder calls = new LongAdder();

	private final LongAdder errors = new LongAdder();

	private final ServerStreamTracer tracer = new ServerStreamTracer() {

		@Override
		public void streamClosed(Status status) {
			CallRateStreamTracerFactory.this.calls.increment();
			if (SERVER_ERRORS.contains(status.getCode())) {
				CallRateStreamTracerFactory.this.errors.increment();
			}
		}

	};

	@Override
	public ServerStreamTracer newServerStreamTracer(String fullMethodName, Metadata headers) {
		return this.tracer;
	}

	/** Calls finished since the server started. */
	long calls() {
		return this.calls.sum();
	}

	/** Calls finished with a {@link #SERVER_ERRORS server error} since the server started. */
	long errors() {
		return this.errors.sum();
	}

}
