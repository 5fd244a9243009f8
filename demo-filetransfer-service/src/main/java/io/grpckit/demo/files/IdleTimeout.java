package io.grpckit.demo.files;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.jspecify.annotations.Nullable;

/**
 * Ends an upload call that goes too long without a message: restarted on every message, it
 * runs its action on the timer thread when it fires. Not thread-safe: the observer that owns
 * it calls it, and runs the action, under its own lock.
 */
final class IdleTimeout {

	/** Makes the timeouts of one service. */
	static final class Factory {

		private final ScheduledExecutorService timers;

		private final Duration timeout;

		Factory(ScheduledExecutorService timers, Duration timeout) {
			this.timers = timers;
			this.timeout = timeout;
		}

		IdleTimeout create(Runnable onTimeout) {
			return new IdleTimeout(this.timers, this.timeout, onTimeout);
		}

	}

	private final ScheduledExecutorService timers;

	private final Duration timeout;

	private final Runnable onTimeout;

	private @Nullable ScheduledFuture<?> pending;

	private IdleTimeout(ScheduledExecutorService timers, Duration timeout, Runnable onTimeout) {
		this.timers = timers;
		this.timeout = timeout;
		this.onTimeout = onTimeout;
	}

	/** Start counting again from now. */
	void restart() {
		cancel();
		this.pending = this.timers.schedule(this.onTimeout, this.timeout.toNanos(), TimeUnit.NANOSECONDS);
	}

	/** Stop counting; idempotent. */
	void cancel() {
		if (this.pending != null) {
			this.pending.cancel(false);
			this.pending = null;
		}
	}

	/** The status an idle call ends with. */
	StatusRuntimeException status(String what) {
		return Status.DEADLINE_EXCEEDED
			.withDescription("upload: no message for " + this.timeout.toMillis() + " ms (expected: a message at least"
					+ " every " + this.timeout.toMillis() + " ms); " + what)
			.asRuntimeException();
	}

}
