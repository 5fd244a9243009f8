package io.grpckit.testsupport;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;

/**
 * A {@link StreamObserver} that queues what a call delivers, for tests to poll with a
 * deadline: each message, then the string {@code "completed"} or a
 * {@link io.grpc.StatusRuntimeException}.
 *
 * @param <T> the message type
 */
public final class StreamEvents<T> implements StreamObserver<T> {

	/** The event queued when the call completes normally. */
	public static final String COMPLETED = "completed";

	private final LinkedBlockingQueue<Object> events = new LinkedBlockingQueue<>();

	@Override
	public void onNext(T value) {
		this.events.add(value);
	}

	@Override
	public void onError(Throwable t) {
		this.events.add(Status.fromThrowable(t).asRuntimeException());
	}

	@Override
	public void onCompleted() {
		this.events.add(COMPLETED);
	}

	/**
	 * Take the next event, waiting up to the given time.
	 * @param seconds how long to wait
	 * @return the event, or {@code null} when none came in time
	 * @throws InterruptedException when interrupted
	 */
	public Object poll(long seconds) throws InterruptedException {
		return this.events.poll(seconds, TimeUnit.SECONDS);
	}

}
