package io.grpckit.server;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.DoubleSupplier;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.util.Assert;

/**
 * The threads that run service code when no other executor is configured: one thread per
 * core kept, tasks waiting in line for them, and another thread, up to {@code maxThreads},
 * when a task has waited {@code growAfter} behind blocked ones: with CPU to spare always,
 * with busy cores only while a thread is held by one task as long; added threads retire
 * after {@code keepAlive} idle.
 * <p>
 * grpc-java's own default is an unbounded cached pool. It survives blocking service code
 * too, but hands every task to a parked thread (or a new one), so on few cores most of a
 * small call's CPU goes to waking threads, and under overload the number of threads has no
 * limit. A pool that grows whenever every thread is busy (Tomcat's, and this one before
 * issue 21) does the same under load that is merely CPU-bound: 64 calls in flight on two
 * cores kept 150 threads and paid a wake-up per task. Here busy threads take the next task
 * without parking, so non-blocking services run as on a fixed pool of one thread per core,
 * and a watchdog starts threads only for work stuck behind blocked ones (JDBC, a blocking
 * stub, a lock). Idle threads are woken last idle, first woken ({@link LastIdleFirstQueue}),
 * so the ones a burst added retire under a trickle of work; while the cores are busy, not
 * beyond one thread per core, and threads beyond that retire when they would take their
 * next task. With {@code growAfter} zero the pool grows as soon as every thread is busy,
 * as Tomcat's does. Deliberately not a bean of type {@link Executor}: that would make
 * Spring Boot's application task executor back off.
 */
public final class GrpcServiceThreadPool implements DisposableBean {

	/** How long a task may wait for a busy pool before it gets a thread of its own, by default. */
	public static final Duration DEFAULT_GROW_AFTER = Duration.ofMillis(20);

	private final Pool pool;

	private final @Nullable Watchdog watchdog;

	public GrpcServiceThreadPool(int maxThreads, Duration keepAlive) {
		this(maxThreads, keepAlive, DEFAULT_GROW_AFTER);
	}

	public GrpcServiceThreadPool(int maxThreads, Duration keepAlive, Duration growAfter) {
		this(maxThreads, keepAlive, growAfter, new SystemCpuLoad());
	}

	/** With the machine's CPU load, 0 to 1 (negative: unknown), from {@code cpuLoad}. */
	GrpcServiceThreadPool(int maxThreads, Duration keepAlive, Duration growAfter, DoubleSupplier cpuLoad) {
		Assert.isTrue(maxThreads > 0, () -> "maxThreads must be positive, was " + maxThreads);
		Assert.isTrue(keepAlive != null && keepAlive.toNanos() > 0,
				() -> "keepAlive must be positive, was " + keepAlive);
		Assert.isTrue(growAfter != null && !growAfter.isNegative(),
				() -> "growAfter must not be negative, was " + growAfter);
		int core = Math.min(maxThreads, Runtime.getRuntime().availableProcessors());
		this.pool = new Pool(core, maxThreads, keepAlive, growAfter.toNanos(), cpuLoad);
		this.watchdog = (growAfter.isZero() || core == maxThreads) ? null : new Watchdog(this.pool);
		this.pool.watchdog = this.watchdog;
		if (this.watchdog != null) {
			this.watchdog.start();
		}
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

	/** The thread that starts threads for waiting work, if this pool has one. */
	@Nullable Thread watchdog() {
		return this.watchdog;
	}

	/**
	 * Stops taking tasks; tasks already running finish on their threads. Called after the
	 * servers stopped (lifecycle stop precedes bean destruction), so no call is cut short.
	 */
	@Override
	public void destroy() {
		this.pool.shutdown();
		if (this.watchdog != null) {
			this.watchdog.interrupt();
		}
	}

	/** How often the watchdog reads the CPU load while it looks: a read costs about a millisecond. */
	private static final long CPU_SAMPLE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

	private static final int CPUS = Runtime.getRuntime().availableProcessors();

	private static final class Pool extends ThreadPoolExecutor {

		/** Tasks handed to the pool and not yet finished (used without a watchdog). */
		private final AtomicInteger unfinished = new AtomicInteger();

		/** Threads started and not yet ended; cheaper to read than getPoolSize's lock. */
		private final AtomicInteger alive;

		private final long growAfterNanos;

		private final WaitingQueue queue;

		/** Set once before the pool is used; with it the pool grows for waiting work only. */
		private @Nullable Watchdog watchdog;

		/**
		 * Waits before this do not count: the watchdog itself did not run then (a GC pause, a
		 * stalled machine), and neither did the threads it would judge.
		 */
		private long countWaitsFrom = System.nanoTime();

		/** The threads alive, to find the ones held by one task for long. */
		private final Set<ServiceThread> threads;

		private final DoubleSupplier cpuLoad;

		/**
		 * The CPU load at the watchdog's last look, 0 to 1; negative while unknown (not read
		 * yet, or the JDK does not tell).
		 */
		private volatile double load = -1;

		private long cpuSampledAt = System.nanoTime() - CPU_SAMPLE_NANOS;

		/**
		 * How many threads may take tasks unless the CPUs have time to spare: one per core and
		 * one per held thread, as of the watchdog's last look.
		 */
		private volatile int budget;

		Pool(int core, int max, Duration keepAlive, long growAfterNanos, DoubleSupplier cpuLoad) {
			this(core, max, keepAlive, growAfterNanos, cpuLoad, new WaitingQueue(), new AtomicInteger(),
					ConcurrentHashMap.newKeySet());
		}

		private Pool(int core, int max, Duration keepAlive, long growAfterNanos, DoubleSupplier cpuLoad,
				WaitingQueue queue, AtomicInteger alive, Set<ServiceThread> threads) {
			super(core, max, keepAlive.toNanos(), TimeUnit.NANOSECONDS, queue, countingThreads(alive, threads),
					(task, pool) -> {
						if (pool.isShutdown()) {
							throw new RejectedExecutionException("grpckit's service thread pool is shut down");
						}
						// at the maximum: wait in line
						queue.enqueue(task);
					});
			this.alive = alive;
			this.threads = threads;
			this.growAfterNanos = growAfterNanos;
			this.cpuLoad = cpuLoad;
			this.budget = core;
			this.queue = queue;
			queue.pool = this;
		}

		private static ThreadFactory countingThreads(AtomicInteger alive, Set<ServiceThread> threads) {
			AtomicInteger number = new AtomicInteger();
			return (worker) -> {
				ServiceThread thread = new ServiceThread(() -> {
					try {
						worker.run();
					}
					finally {
						alive.decrementAndGet();
						threads.remove(Thread.currentThread());
					}
				}, "grpc-service-" + number.incrementAndGet());
				// like grpc-java's default executor: the server's own await thread keeps the JVM up
				thread.setDaemon(true);
				alive.incrementAndGet();
				threads.add(thread);
				return thread;
			};
		}

		@Override
		protected void beforeExecute(Thread thread, Runnable task) {
			if (this.watchdog != null && thread instanceof ServiceThread service) {
				service.taskStartedAt = System.nanoTime() | 1;
			}
		}

		@Override
		public void execute(Runnable task) {
			Watchdog watchdog = this.watchdog;
			if (watchdog != null) {
				// the time it was queued tells the watchdog how long it waited
				super.execute(new Queued(task));
				watchdog.workArrived();
				return;
			}
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
			if (this.watchdog == null) {
				this.unfinished.decrementAndGet();
			}
			else if (Thread.currentThread() instanceof ServiceThread service) {
				service.taskStartedAt = 0;
			}
		}

		/**
		 * Whether a task in line may wake an idle thread. With busy CPUs only while fewer
		 * threads than cores are out of the line's waiting room (running a task, or on their
		 * way back to the line, where they take it before they park): an idle thread woken
		 * beyond that takes work the others would have taken next, costs a wake-up and a
		 * context switch per task, and stays warm instead of retiring.
		 */
		boolean mayWake() {
			return this.watchdog == null || !busyCpus() || activeThreads() < getCorePoolSize();
		}

		/**
		 * Whether a thread beyond the budget should retire instead of taking the next task:
		 * with busy CPUs, threads that always find work never park, so a thread a burst added
		 * would otherwise keep taking turns on the cores for as long as the load lasts.
		 */
		boolean overBudget() {
			return this.watchdog != null && busyCpus() && activeThreads() > this.budget;
		}

		void updateBudget(long now) {
			this.budget = spareCpus() ? getMaximumPoolSize() : getCorePoolSize() + heldThreads(now);
		}

		/**
		 * Less than half a core to spare: threads beyond one per core would only take turns on
		 * the cores, so they are neither woken nor started for work that merely waits (a held
		 * thread still gets one).
		 */
		private boolean busyCpus() {
			double load = this.load;
			return load >= 0 && (1 - load) * CPUS < 0.5;
		}

		/** Half a core or more to spare: waiting work then means blocked threads. */
		private boolean spareCpus() {
			return this.load >= 0 && !busyCpus();
		}

		/** Threads not parked for a task: running one or about to take the next. */
		private int activeThreads() {
			return this.alive.get() - this.queue.waitingThreads();
		}

		/** Samples the CPU load, at most every CPU_SAMPLE_NANOS: it reads the OS's counters. */
		void sampleCpu(long now) {
			if (now - this.cpuSampledAt < CPU_SAMPLE_NANOS) {
				return;
			}
			this.cpuSampledAt = now;
			this.load = this.cpuLoad.getAsDouble();
		}

		void forgetCpu() {
			this.load = -1;
			this.cpuSampledAt = System.nanoTime() - CPU_SAMPLE_NANOS;
		}

		/** Whether a new task should get a new thread instead of waiting in line. */
		boolean shouldGrow() {
			if (this.watchdog != null) {
				return Thread.currentThread() == this.watchdog;
			}
			int threads = this.alive.get();
			return this.unfinished.get() > threads && threads < getMaximumPoolSize();
		}

		/**
		 * Finds a thread for each task at the head of the line that has waited longer than
		 * growAfter: an idle one if any, a new one otherwise, up to the maximum. With CPU to
		 * spare the running threads are blocked (JDBC, a blocking stub, a lock), however
		 * short their tasks; with busy CPUs (or a load not known) only for threads held by
		 * one task as long, one thread each (the budget): a line that waits behind threads
		 * computing is CPU-bound work, and more threads would only take turns on the same
		 * cores. Returns the nanos until the next look, or -1 when nothing waits.
		 */
		long growForWaitingTasks() {
			while (true) {
				Runnable head = this.queue.peek();
				if (!(head instanceof Queued queued)) {
					return -1;
				}
				long now = System.nanoTime();
				long waited = now - later(queued.since, this.countWaitsFrom);
				if (waited < this.growAfterNanos) {
					return this.growAfterNanos - waited;
				}
				if (isShutdown() || activeThreads() >= this.budget) {
					return this.growAfterNanos;
				}
				if (this.queue.wakeIdle()) {
					// it takes the head; look again once it had the time to
					return this.growAfterNanos;
				}
				if (this.alive.get() >= getMaximumPoolSize()) {
					return this.growAfterNanos;
				}
				if (this.queue.remove(head)) {
					// offer refuses on the watchdog's thread, so the pool starts a thread for it
					super.execute(head);
				}
			}
		}

		/** Threads whose current task started growAfter or more ago. */
		private int heldThreads(long now) {
			int held = 0;
			for (ServiceThread thread : this.threads) {
				long started = thread.taskStartedAt;
				if (started != 0 && now - later(started, this.countWaitsFrom) >= this.growAfterNanos) {
					held++;
				}
			}
			return held;
		}

		private static long later(long one, long other) {
			return (one - other > 0) ? one : other;
		}

	}

	/**
	 * The machine's (or container's) recent CPU load from the JDK, resolved on first use on
	 * the watchdog's thread; -1 where the JDK does not tell.
	 */
	private static final class SystemCpuLoad implements DoubleSupplier {

		private @Nullable DoubleSupplier load;

		@Override
		public double getAsDouble() {
			DoubleSupplier load = this.load;
			if (load == null) {
				load = (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os)
						? os::getCpuLoad : () -> -1;
				this.load = load;
			}
			return load.getAsDouble();
		}

	}

	/** A thread of the pool, with when its current task started (0: none). */
	private static final class ServiceThread extends Thread {

		volatile long taskStartedAt;

		ServiceThread(Runnable run, String name) {
			super(run, name);
		}

	}

	/** A queued task and when it was handed to the pool. */
	private static final class Queued implements Runnable {

		final Runnable task;

		final long since = System.nanoTime();

		Queued(Runnable task) {
			this.task = task;
		}

		@Override
		public void run() {
			this.task.run();
		}

	}

	/**
	 * Refuses a task while the pool should grow, which makes ThreadPoolExecutor start a
	 * thread for it; the rejection handler queues it when the pool is at its maximum.
	 */
	private static final class WaitingQueue extends LastIdleFirstQueue {

		private Pool pool;

		@Override
		public boolean offer(Runnable task) {
			return !this.pool.shouldGrow() && super.offer(task);
		}

		@Override
		protected boolean mayWake() {
			return this.pool.mayWake();
		}

		@Override
		protected boolean shouldLeave() {
			return this.pool.overBudget();
		}

		void enqueue(Runnable task) {
			super.offer(task);
		}

	}

	/**
	 * Looks at the head of the line when it could have waited too long. Sleeps without a
	 * timeout once the line has been empty for a second, so an idle server has no timer
	 * waking up, and is woken by the next task.
	 */
	private static final class Watchdog extends Thread {

		private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);

		private final Pool pool;

		private volatile boolean sleeping;

		Watchdog(Pool pool) {
			super("grpc-service-watchdog");
			setDaemon(true);
			this.pool = pool;
		}

		void workArrived() {
			if (this.sleeping) {
				this.sleeping = false;
				LockSupport.unpark(this);
			}
		}

		@Override
		public void run() {
			long emptySince = System.nanoTime();
			while (!this.pool.isShutdown() && !isInterrupted()) {
				long now = System.nanoTime();
				this.pool.sampleCpu(now);
				this.pool.updateBudget(now);
				long next = this.pool.growForWaitingTasks();
				if (next >= 0) {
					emptySince = System.nanoTime();
					parkAbout(Math.max(next, 50_000));
				}
				else if (System.nanoTime() - emptySince < IDLE_NANOS) {
					parkAbout(this.pool.growAfterNanos);
				}
				else {
					this.sleeping = true;
					// an idle server: whatever load the CPUs had is over
					this.pool.forgetCpu();
					// a task queued between the check and here finds sleeping set and unparks
					if (this.pool.getQueue().isEmpty()) {
						LockSupport.park(this);
					}
					this.sleeping = false;
					emptySince = System.nanoTime();
				}
			}
		}

		/**
		 * Parks for about nanos. Waking up much later means this thread did not run, and the
		 * service threads likely did not either: what queued tasks waited meanwhile says
		 * nothing about blocked threads, so their wait is counted from now.
		 */
		private void parkAbout(long nanos) {
			long wakeAt = System.nanoTime() + nanos;
			LockSupport.parkNanos(this, nanos);
			long now = System.nanoTime();
			if (now - wakeAt > this.pool.growAfterNanos / 2) {
				this.pool.countWaitsFrom = now;
			}
		}

	}

}
