package io.grpckit.demo.files.cli;

import java.util.concurrent.ThreadLocalRandom;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Retries on UNAVAILABLE (server restarting, connection refused) with exponential backoff and
 * jitter, from 200 ms to 10 s, giving up after a number of attempts without progress. CANCELLED
 * is retried too: the CLI never cancels its own calls, so it means the server reset the stream
 * (a server stopping with calls in flight resets them before its port closes). ABORTED is
 * retried as gRPC advises: the server may still be closing the previous session of the name.
 */
final class Backoff {

	private static final long INITIAL_MILLIS = 200;

	private static final long MAX_MILLIS = 10_000;

	private final int maxAttempts;

	private final Progress.Log log;

	private int attempts;

	Backoff(int maxAttempts, Progress.Log log) {
		this.maxAttempts = maxAttempts;
		this.log = log;
	}

	/** Forget failed attempts: the last one got somewhere. */
	void progressed() {
		if (this.attempts > 0) {
			this.attempts = 0;
			this.log.line("");
		}
	}

	/**
	 * Wait before the next attempt, or rethrow when the failure is not worth retrying.
	 */
	void retryOrThrow(StatusRuntimeException ex) throws InterruptedException {
		Status.Code code = ex.getStatus().getCode();
		boolean retryable = code == Status.Code.UNAVAILABLE || code == Status.Code.CANCELLED
				|| code == Status.Code.ABORTED;
		if (!retryable || ++this.attempts > this.maxAttempts) {
			throw ex;
		}
		long ceiling = Math.min(MAX_MILLIS, INITIAL_MILLIS << Math.min(this.attempts - 1, 10));
		long millis = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
		this.log.line(code + ": retry " + this.attempts + "/" + this.maxAttempts);
		Thread.sleep(millis);
	}

}
