package io.grpckit.demo.files.cli;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import org.jspecify.annotations.Nullable;

/**
 * A client-streaming or bidirectional call driven from a plain thread: {@link #send} waits
 * until the transport is ready (so the client never buffers more than the flow-control window)
 * and responses are taken one at a time.
 */
final class StreamingCall<Q, R> implements ClientResponseObserver<Q, R> {

	private static final Object COMPLETED = new Object();

	private final LinkedBlockingQueue<Object> events = new LinkedBlockingQueue<>();

	private final Object readiness = new Object();

	private volatile ClientCallStreamObserver<Q> requests;

	private volatile boolean closed;

	@Override
	public void beforeStart(ClientCallStreamObserver<Q> requests) {
		this.requests = requests;
		requests.setOnReadyHandler(this::signal);
	}

	private void signal() {
		synchronized (this.readiness) {
			this.readiness.notifyAll();
		}
	}

	/**
	 * Send a message once the call can take it; returns without sending when the call ended.
	 */
	boolean send(Q message) throws InterruptedException {
		synchronized (this.readiness) {
			while (!this.requests.isReady() && !this.closed) {
				// woken by the on-ready handler or the end of the call; the timeout only re-checks
				this.readiness.wait(1000);
			}
		}
		if (this.closed) {
			return false;
		}
		this.requests.onNext(message);
		return true;
	}

	void halfClose() {
		this.requests.onCompleted();
	}

	void cancel(String why) {
		this.requests.cancel(why, null);
	}

	/**
	 * Return the next response, or null when the call completed OK.
	 * @throws StatusRuntimeException when the call failed
	 */
	@SuppressWarnings("unchecked")
	@Nullable R next(long timeout, TimeUnit unit) throws InterruptedException {
		Object event = this.events.poll(timeout, unit);
		if (event == null) {
			throw Status.DEADLINE_EXCEEDED.withDescription("no response within " + timeout + " " + unit)
				.asRuntimeException();
		}
		if (event == COMPLETED) {
			this.events.add(COMPLETED);
			return null;
		}
		if (event instanceof Throwable error) {
			this.events.add(error);
			throw (error instanceof StatusRuntimeException ex) ? ex : Status.fromThrowable(error).asRuntimeException();
		}
		return (R) event;
	}

	@Override
	public void onNext(R value) {
		this.events.add(value);
	}

	@Override
	public void onError(Throwable error) {
		this.closed = true;
		this.events.add(error);
		signal();
	}

	@Override
	public void onCompleted() {
		this.closed = true;
		this.events.add(COMPLETED);
		signal();
	}

}
