package io.grpckit.demo.greeter;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.grpc.Context;

/**
 * One timer thread shared by all calls. A waiting call holds a queued task, not a thread;
 * cancelled tasks leave the queue at once, so a cancelled 60 s wait costs nothing.
 * Tasks must be short: they run one after another on this single thread.
 */
final class DelayScheduler implements AutoCloseable {

	private final ScheduledThreadPoolExecutor executor;

	DelayScheduler() {
		this.executor = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, "greeter-delays");
			thread.setDaemon(true);
			return thread;
		});
		this.executor.setRemoveOnCancelPolicy(true);
	}

	/**
	 * Run the task after the delay, in the gRPC {@link Context} of the caller (so the
	 * request id and deadline follow the work to the timer thread).
	 */
	ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
		return this.executor.schedule(Context.current().wrap(task), delay, unit);
	}

	/** Tasks waiting in the queue. */
	int pending() {
		return this.executor.getQueue().size();
	}

	@Override
	public void close() {
		this.executor.shutdownNow();
	}

}
