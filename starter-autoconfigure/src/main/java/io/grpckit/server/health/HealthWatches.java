package io.grpckit.server.health;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.health.v1.HealthGrpc;

/**
 * Keeps the open {@code Health/Watch} streams, so that shutdown can end them. A watch never
 * ends by itself: without this, one watcher holds the server's drain for the whole grace
 * period. The streams are ended with OK once the server has stopped taking calls, not when
 * the statuses turn NOT_SERVING: a client that got a response retries a completed watch at
 * once (grpc-java's client-side health checking does), and would loop through the quiet
 * period.
 */
final class HealthWatches implements ServerInterceptor {

	private static final String WATCH = HealthGrpc.getWatchMethod().getFullMethodName();

	private final Set<WatchCall<?, ?>> open = ConcurrentHashMap.newKeySet();

	private volatile boolean ended;

	@Override
	public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
			ServerCallHandler<ReqT, RespT> next) {
		if (!WATCH.equals(call.getMethodDescriptor().getFullMethodName())) {
			return next.startCall(call, headers);
		}
		if (this.ended) {
			call.close(Status.UNAVAILABLE.withDescription("server is shutting down"), new Metadata());
			return new ServerCall.Listener<>() {
			};
		}
		WatchCall<ReqT, RespT> watch = new WatchCall<>(call);
		this.open.add(watch);
		// endAll may have passed over the set just before the add
		if (this.ended) {
			watch.complete();
		}
		return new SimpleForwardingServerCallListener<>(next.startCall(watch, headers)) {

			@Override
			public void onCancel() {
				HealthWatches.this.open.remove(watch);
				super.onCancel();
			}

			@Override
			public void onComplete() {
				HealthWatches.this.open.remove(watch);
				super.onComplete();
			}

		};
	}

	/**
	 * End every open watch with OK, and refuse new ones from now on.
	 */
	void endAll() {
		this.ended = true;
		this.open.forEach(WatchCall::complete);
	}

	/**
	 * A watch's call. The health service sends on whichever thread changes a status, and
	 * {@link #complete()} comes from the shutdown thread: a lock keeps them one at a time,
	 * as {@link ServerCall} requires, and nothing is sent after the end.
	 */
	private static final class WatchCall<ReqT, RespT> extends SimpleForwardingServerCall<ReqT, RespT> {

		private boolean closed;

		WatchCall(ServerCall<ReqT, RespT> delegate) {
			super(delegate);
		}

		@Override
		public synchronized void sendHeaders(Metadata headers) {
			if (!this.closed) {
				super.sendHeaders(headers);
			}
		}

		@Override
		public synchronized void sendMessage(RespT message) {
			if (!this.closed) {
				super.sendMessage(message);
			}
		}

		@Override
		public synchronized void close(Status status, Metadata trailers) {
			if (!this.closed) {
				this.closed = true;
				super.close(status, trailers);
			}
		}

		void complete() {
			close(Status.OK, new Metadata());
		}

	}

}
