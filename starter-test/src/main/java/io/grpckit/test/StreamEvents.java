package io.grpckit.test;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import org.jspecify.annotations.Nullable;

/**
 * A client-side {@link StreamObserver} that queues what a call delivers, for a test to take
 * one by one with a deadline: each message, then {@link #COMPLETED} or a
 * {@link StatusRuntimeException} carrying the call's status and trailers. Safe to fill from
 * gRPC's threads and read from the test's.
 *
 * @param <T> the message type
 */
public final class StreamEvents<T> implements StreamObserver<T> {

	/** The event queued when the call completes normally. */
	public static final String COMPLETED = "completed";

	private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();

	@Override
	public void onNext(T value) {
		this.events.add(value);
	}

	@Override
	public void onError(Throwable error) {
		this.events.add(Status.fromThrowable(error).asRuntimeException(Status.trailersFromThrowable(error)));
	}

	@Override
	public void onCompleted() {
		this.events.add(COMPLETED);
	}

	/**
	 * Take the next event, waiting up to the given time.
	 * @param timeout how long to wait
	 * @param unit the unit of the timeout
	 * @return a message, {@link #COMPLETED} or a {@link StatusRuntimeException}; {@code null}
	 * when nothing came in time
	 * @throws InterruptedException when interrupted while waiting
	 */
	public @Nullable Object poll(long timeout, TimeUnit unit) throws InterruptedException {
		return this.events.poll(timeout, unit);
	}

}
