package io.grpckit.demo.greeter;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;

/**
 * A client-side response observer that records replies and the final status.
 */
class RecordingObserver<T> implements StreamObserver<T> {

	private final List<T> values = new CopyOnWriteArrayList<>();

	private final CompletableFuture<Status> status = new CompletableFuture<>();

	@Override
	public void onNext(T value) {
		this.values.add(value);
	}

	@Override
	public void onError(Throwable error) {
		this.status.complete(Status.fromThrowable(error));
	}

	@Override
	public void onCompleted() {
		this.status.complete(Status.OK);
	}

	List<T> values() {
		return this.values;
	}

	boolean isDone() {
		return this.status.isDone();
	}

	/** Wait for the end of the call and return its status. */
	Status awaitStatus(Duration timeout) throws InterruptedException, ExecutionException, TimeoutException {
		return this.status.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

}
