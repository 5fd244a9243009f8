package io.grpckit.server;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.util.Assert;

/**
 * The threads that run service code when no other executor is configured, shaped like
 * Tomcat's pool for Spring MVC: one thread per core kept, a new thread only when every
 * thread is busy, at most {@code maxThreads}, tasks beyond that waiting in line, extra
 * threads retired after {@code keepAlive} idle.
 * <p>
 * grpc-java's own default is an unbounded cached pool. It survives blocking service code
 * too, but hands every task to a parked thread (or a new one), so on few cores most of a
 * small call's CPU goes to waking threads, and under overload the number of threads has no
 * limit. Here a thread that finishes a task takes the next from the queue without parking.
 * A pool that started a thread per task up to its maximum would spread one stream's
 * messages over hundreds of cold threads; this one grows only when work would otherwise
 * wait. Deliberately not a bean of type {@link Executor}: that would make Spring Boot's
 * application task executor back off.
 */
public final class GrpcServiceThreadPool implements DisposableBean {

	private final Pool pool;

	public GrpcServiceThreadPool(int maxThreads, Duration keepAlive) {
		Assert.isTrue(maxThreads > 0, () -> "maxThreads must be positive, was " + maxThreads);
		Assert.isTrue(keepAlive != null && keepAlive.toNanos() > 0,
				() -> "keepAlive must be positive, was " + keepAlive);
		int core = Math.min(maxThreads, Runtime.getRuntime().availableProcessors());
		this.pool = new Pool(core, maxThreads, keepAlive);
	}

	/** The executor to hand to {@code ServerBuilder.executor}. */
	public Executor executor() {
		return this.pool;
	}

	public int getMaxThreads() {
		return this.pool.getMaximumPoolSize();
	}

	/** Threads alive now, busy or idle. */
	public int getThreads() {
		return this.pool.alive.get();
	}

	/** Threads running service code now. */
	public int getActiveThreads() {
		return this.pool.getActiveCount();
	}

	/** Tasks waiting for a thread. */
	public int getQueuedTasks() {
		return this.pool.getQueue().size();
	}

	/**
	 * Stops taking tasks; tasks already running finish on their threads. Called after the
	 * servers stopped (lifecycle stop precedes bean destruction), so no call is cut short.
	 */
	@Override
	public void destroy() {
		this.pool.shutdown();
	}

	private static final class Pool extends ThreadPoolExecutor {

		/** Tasks handed to the pool and not yet finished. */
		private final AtomicInteger unfinished = new AtomicInteger();

		/** Threads started and not yet ended; cheaper to read than getPoolSize's lock. */
		private final AtomicInteger alive;

		Pool(int core, int max, Duration keepAlive) {
			this(core, max, keepAlive, new GrowFirstQueue(), new AtomicInteger());
		}

		private Pool(int core, int max, Duration keepAlive, GrowFirstQueue queue, AtomicInteger alive) {
			super(core, max, keepAlive.toNanos(), TimeUnit.NANOSECONDS, queue, countingThreads(alive),
					(task, pool) -> {
						if (pool.isShutdown()) {
							throw new RejectedExecutionException("grpckit's service thread pool is shut down");
						}
						// at the maximum: wait in line
						queue.enqueue(task);
					});
			this.alive = alive;
			queue.pool = this;
		}

		private static ThreadFactory countingThreads(AtomicInteger alive) {
			CustomizableThreadFactory threads = new CustomizableThreadFactory("grpc-service-");
			// like grpc-java's default executor: the server's own await thread keeps the JVM up
			threads.setDaemon(true);
			return (worker) -> {
				Thread thread = threads.newThread(() -> {
					try {
						worker.run();
					}
					finally {
						alive.decrementAndGet();
					}
				});
				alive.incrementAndGet();
				return thread;
			};
		}

		@Override
		public void execute(Runnable task) {
			this.unfinished.incrementAndGet();
			try {
				super.execute(task);
			}
			catch (RejectedExecutionException ex) {
				this.unfinished.decrementAndGet();
				throw ex;
			}
		}

		@Override
		protected void afterExecute(Runnable task, Throwable failure) {
			this.unfinished.decrementAndGet();
		}

		/** Whether a new task would wait while the pool could still add a thread. */
		boolean shouldGrow() {
			int threads = this.alive.get();
			return this.unfinished.get() > threads && threads < getMaximumPoolSize();
		}

	}

	/**
	 * Refuses a task while the pool should grow, which makes ThreadPoolExecutor start a
	 * thread for it; the rejection handler queues it when the pool is at its maximum.
	 */
	private static final class GrowFirstQueue extends LinkedBlockingQueue<Runnable> {

		private Pool pool;

		@Override
		public boolean offer(Runnable task) {
			return !this.pool.shouldGrow() && super.offer(task);
		}

		void enqueue(Runnable task) {
			super.offer(task);
		}

	}

}
