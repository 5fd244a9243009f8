package io.grpckit.testsupport;

import java.util.concurrent.CompletableFuture;

import io.grpc.stub.StreamObserver;

/**
 * Response observers for services and clients in tests.
 */
public final class Observers {

	private Observers() {
	}

	/**
	 * Return an observer that passes everything on, e.g. to relay the reply of a second hop
	 * to the caller of the first.
	 * @param <T> the message type
	 * @param target where to pass it
	 * @return the observer
	 */
	public static <T> StreamObserver<T> forwardingTo(StreamObserver<T> target) {
		return new StreamObserver<>() {

			@Override
			public void onNext(T value) {
				target.onNext(value);
			}

			@Override
			public void onError(Throwable t) {
				target.onError(t);
			}

			@Override
			public void onCompleted() {
				target.onCompleted();
			}

		};
	}

	/**
	 * Return an observer of a unary call that completes the future with the reply, or
	 * exceptionally with the error.
	 * @param <T> the message type
	 * @param reply the future of the reply
	 * @return the observer
	 */
	public static <T> StreamObserver<T> completing(CompletableFuture<T> reply) {
		return new StreamObserver<>() {

			@Override
			public void onNext(T value) {
				reply.complete(value);
			}

			@Override
			public void onError(Throwable t) {
				reply.completeExceptionally(t);
			}

			@Override
			public void onCompleted() {
			}

		};
	}

}
