package io.grpckit.demo.greeter;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.jspecify.annotations.Nullable;

/**
 * A client-side response observer that records replies, the final status and the trailers of a failure.
 */
class RecordingObserver<T> implements StreamObserver<T> {

	private final List<T> values = new CopyOnWriteArrayList<>();

	private final CompletableFuture<Status> status = new CompletableFuture<>();

	private volatile @Nullable Metadata trailers;

	@Override
	public void onNext(T value) {
		this.values.add(value);
	}

	@Override
	public void onError(Throwable error) {
		this.trailers = Status.trailersFromThrowable(error);
		this.status.complete(Status.fromThrowable(error));
	}

	@Override
	public void onCompleted() {
		this.status.complete(Status.OK);
	}

	List<T> values() {
		return this.values;
	}

	/** The trailers of a call that failed, read after {@link #awaitStatus}. */
	@Nullable Metadata trailers() {
		return this.trailers;
	}

	boolean isDone() {
		return this.status.isDone();
	}

	/** Wait for the end of the call and return its status. */
	Status awaitStatus(Duration timeout) throws InterruptedException, ExecutionException, TimeoutException {
		return this.status.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

}
