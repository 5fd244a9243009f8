package io.grpckit.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.DoubleSupplier;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

class GrpcServiceThreadPoolTests {

	private static final int CORES = Runtime.getRuntime().availableProcessors();

	/** The machine's CPU load as the pool sees it: every core busy, or all of them idle. */
	private static final DoubleSupplier BUSY_CPUS = () -> 1.0;

	private static final DoubleSupplier IDLE_CPUS = () -> 0.0;

	private final GrpcServiceThreadPool pool = new GrpcServiceThreadPool(200, Duration.ofSeconds(60));

	private final CountDownLatch release = new CountDownLatch(1);

	private final List<GrpcServiceThreadPool> pools = new ArrayList<>();

	@AfterEach
	void stop() {
		this.release.countDown();
		this.pool.destroy();
		this.pools.forEach(GrpcServiceThreadPool::destroy);
	}

	@Test
	void oneTaskAfterAnotherReusesThreadsInsteadOfGrowing() throws Exception {
		// one stream's messages, one after another: a pool that made a thread per task up to its
		// maximum spread them over 200 cold threads and halved upload throughput
		Set<String> names = new HashSet<>();
		for (int i = 0; i < 500; i++) {
			CompletableFuture<String> name = new CompletableFuture<>();
			this.pool.executor().execute(() -> name.complete(Thread.currentThread().getName()));
			names.add(name.get(10, TimeUnit.SECONDS));
			// the next task comes once this one has fully returned, as the next message of a
			// stream does; on a loaded machine the worker may still be between complete() and
			// the end of its task, and the pool rightly counts it as busy
			await().pollDelay(Duration.ZERO)
				.pollInterval(Duration.ofMillis(1))
				.atMost(Duration.ofSeconds(10))
				.until(() -> this.pool.getActiveThreads() == 0);
		}
		assertThat(names).hasSizeLessThanOrEqualTo(CORES + 1).allMatch((name) -> name.startsWith("grpc-service-"));
		assertThat(this.pool.getThreads()).isLessThanOrEqualTo(CORES + 1);
	}

	@ParameterizedTest
	@ValueSource(longs = { 0, 20 })
	void growsForTasksWaitingBehindBlockedThreadsUpToTheMaximum(long growAfterMillis) {
		// with busy CPUs too: the threads are held by one task each for longer than grow-after
		GrpcServiceThreadPool small = newPool(CORES + 3, Duration.ofSeconds(60),
				Duration.ofMillis(growAfterMillis), BUSY_CPUS);
		AtomicInteger running = blockUntilReleased(small, CORES + 10);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> running.get() == CORES + 3 && small.getQueuedTasks() == 7);
		assertThat(small.getThreads()).isEqualTo(CORES + 3);
		this.release.countDown();
		await().atMost(Duration.ofSeconds(10)).until(() -> running.get() == 0 && small.getQueuedTasks() == 0);
	}

	@Test
	void aTaskWaitingBehindBlockedThreadsGetsAThreadOnlyAfterGrowAfter() throws Exception {
		GrpcServiceThreadPool small = newPool(CORES + 1, Duration.ofSeconds(60),
				Duration.ofMillis(300));
		for (int i = 0; i < CORES; i++) {
			small.executor().execute(() -> waitFor(this.release));
		}
		long queued = System.nanoTime();
		CompletableFuture<Long> started = new CompletableFuture<>();
		small.executor().execute(() -> started.complete(System.nanoTime()));
		// the watchdog moves it to a new thread once it has waited 300 ms, not before
		long waited = started.get(10, TimeUnit.SECONDS) - queued;
		assertThat(Duration.ofNanos(waited)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
		assertThat(small.getThreads()).isEqualTo(CORES + 1);
	}

	@Test
	void busyThreadsWhoseQueueNeverWaitsLongStayOnePerCore() throws Exception {
		// a closed loop of short CPU-bound tasks, four per core in flight, as unary calls under load:
		// the old pool (grow-after 0) started a thread whenever all were busy and kept ~150 of them
		GrpcServiceThreadPool busy = newPool(200, Duration.ofSeconds(60), Duration.ofSeconds(5), BUSY_CPUS);
		AtomicLong end = new AtomicLong(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500));
		CountDownLatch loops = computeInAClosedLoop(busy, 4 * CORES, end);
		assertThat(loops.await(30, TimeUnit.SECONDS)).isTrue();
		assertThat(busy.getThreads()).isEqualTo(CORES);
	}

	@Test
	void aLongLineOfShortTasksDoesNotGrowThePool() throws Exception {
		// tasks wait far longer than grow-after, but no thread is held by one task that long:
		// CPU-bound work, which more threads would only slice thinner
		GrpcServiceThreadPool busy = newPool(200, Duration.ofSeconds(60), Duration.ofMillis(200), BUSY_CPUS);
		int tasks = 60_000;
		CountDownLatch done = new CountDownLatch(tasks);
		long queued = System.nanoTime();
		AtomicLong longestWait = new AtomicLong();
		for (int i = 0; i < tasks; i++) {
			busy.executor().execute(() -> {
				longestWait.accumulateAndGet(System.nanoTime() - queued, Math::max);
				computeFor(20_000);
				done.countDown();
			});
		}
		assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
		assertThat(Duration.ofNanos(longestWait.get())).isGreaterThan(Duration.ofMillis(200));
		assertThat(busy.getThreads()).isEqualTo(CORES);
	}

	@Test
	void growsForShortBlockingTasksWhenTheCpusHaveTimeToSpare() throws Exception {
		// 5 ms calls to a database: no thread is held for grow-after, but the line waits while the
		// CPUs idle, so the running threads are blocked and more threads serve more calls
		GrpcServiceThreadPool blocking = newPool(CORES + 8, Duration.ofSeconds(60), Duration.ofMillis(20),
				IDLE_CPUS);
		int tasks = 40 * (CORES + 8);
		CountDownLatch done = new CountDownLatch(tasks);
		for (int i = 0; i < tasks; i++) {
			blocking.executor().execute(() -> {
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
				done.countDown();
			});
		}
		assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
		assertThat(blocking.getThreads()).isEqualTo(CORES + 8);
	}

	@Test
	void threadsAddedForABurstRetireUnderFullLoadWhileTheCpusAreBusy() throws Exception {
		// after a burst of blocked calls, a closed loop of short CPU-bound ones: with busy CPUs no
		// thread beyond one per core is woken for them (woken, each would take turns on the same
		// cores, cost a wake-up per task and stay warm), so the added threads retire under load
		GrpcServiceThreadPool pool = newPool(CORES + 8, Duration.ofMillis(300), Duration.ofMillis(20), BUSY_CPUS);
		AtomicInteger running = blockUntilReleased(pool, CORES + 8);
		await().atMost(Duration.ofSeconds(20)).until(() -> running.get() == CORES + 8);
		this.release.countDown();
		await().atMost(Duration.ofSeconds(20)).until(() -> running.get() == 0);
		AtomicLong stop = new AtomicLong(Long.MAX_VALUE);
		CountDownLatch loops = computeInAClosedLoop(pool, 4 * CORES, stop);
		try {
			await().atMost(Duration.ofSeconds(30)).until(() -> pool.getThreads() == CORES);
		}
		finally {
			stop.set(Long.MIN_VALUE);
		}
		assertThat(loops.await(30, TimeUnit.SECONDS)).isTrue();
		assertThat(pool.getThreads()).isEqualTo(CORES);
	}

	@Test
	void anIdleWatchdogSleepsWithoutATimerAndWakesForTheNextWork() {
		GrpcServiceThreadPool small = newPool(CORES + 2, Duration.ofSeconds(60),
				Duration.ofMillis(20));
		Thread watchdog = small.watchdog();
		assertThat(watchdog).isNotNull();
		// after a second without queued work it parks without a timeout (WAITING, not TIMED_WAITING)
		await().atMost(Duration.ofSeconds(20)).until(() -> watchdog.getState() == Thread.State.WAITING);
		AtomicInteger running = blockUntilReleased(small, CORES + 2);
		await().atMost(Duration.ofSeconds(10)).until(() -> running.get() == CORES + 2);
		small.destroy();
		this.release.countDown();
		await().atMost(Duration.ofSeconds(10)).until(() -> !watchdog.isAlive());
	}

	@Test
	void aPoolThatCannotGrowHasNoWatchdog() {
		GrpcServiceThreadPool fixed = newPool(1, Duration.ofSeconds(60), Duration.ofMillis(20));
		assertThat(fixed.watchdog()).isNull();
	}

	@Test
	void threadsAddedForABurstRetireAfterTheKeepAliveAndTheCoreStays() {
		// issue 21: after the load phase the greeter held 171 threads; the ones the pool added
		// must end once idle for keep-alive (grpckit.server.executor.keep-alive), one per core stays
		GrpcServiceThreadPool burst = newPool(CORES + 8, Duration.ofMillis(200), GrpcServiceThreadPool.DEFAULT_GROW_AFTER);
		AtomicInteger running = blockUntilReleased(burst, CORES + 8);
		await().atMost(Duration.ofSeconds(20)).until(() -> running.get() == CORES + 8);
		assertThat(burst.getThreads()).isEqualTo(CORES + 8);
		this.release.countDown();
		await().atMost(Duration.ofSeconds(30)).until(() -> burst.getThreads() == CORES);
		// and the core threads still serve
		CompletableFuture<String> name = new CompletableFuture<>();
		burst.executor().execute(() -> name.complete(Thread.currentThread().getName()));
		assertThat(name).succeedsWithin(Duration.ofSeconds(10)).asString().startsWith("grpc-service-");
		assertThat(burst.getThreads()).isEqualTo(CORES);
	}

	@Test
	void threadsAddedForABurstRetireUnderATrickleOfWork() {
		// the thread that went idle last takes the next task: a trickle keeps one thread busy
		// and lets the others retire (woken in turns, as a LinkedBlockingQueue does, every thread
		// would get a task within the keep-alive and none would ever retire)
		GrpcServiceThreadPool burst = newPool(CORES + 8, Duration.ofMillis(300), Duration.ZERO);
		AtomicInteger running = blockUntilReleased(burst, CORES + 8);
		await().atMost(Duration.ofSeconds(20)).until(() -> running.get() == CORES + 8);
		this.release.countDown();
		await().atMost(Duration.ofSeconds(20)).until(() -> running.get() == 0);
		AtomicInteger trickle = new AtomicInteger();
		await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10)).atMost(Duration.ofSeconds(30)).until(() -> {
			burst.executor().execute(trickle::incrementAndGet);
			return burst.getThreads() == CORES;
		});
		assertThat(trickle.get()).isGreaterThan(0);
	}

	@Test
	void refusesTasksAfterDestroy() {
		this.pool.destroy();
		assertThatExceptionOfType(RejectedExecutionException.class)
			.isThrownBy(() -> this.pool.executor().execute(() -> {
			}))
			.withMessageContaining("shut down");
	}

	/** A pool destroyed after the test. */
	private GrpcServiceThreadPool newPool(int maxThreads, Duration keepAlive, Duration growAfter) {
		return newPool(maxThreads, keepAlive, growAfter, null);
	}

	/** A pool destroyed after the test, seeing {@code cpuLoad} (null: the machine's) as the CPU load. */
	private GrpcServiceThreadPool newPool(int maxThreads, Duration keepAlive, Duration growAfter,
			@Nullable DoubleSupplier cpuLoad) {
		GrpcServiceThreadPool pool = (cpuLoad != null)
				? new GrpcServiceThreadPool(maxThreads, keepAlive, growAfter, cpuLoad)
				: new GrpcServiceThreadPool(maxThreads, keepAlive, growAfter);
		this.pools.add(pool);
		return pool;
	}

	/** Runs tasks that block until {@code release} opens; counts the ones running. */
	private AtomicInteger blockUntilReleased(GrpcServiceThreadPool pool, int tasks) {
		AtomicInteger running = new AtomicInteger();
		for (int i = 0; i < tasks; i++) {
			pool.executor().execute(() -> {
				running.incrementAndGet();
				waitFor(this.release);
				running.decrementAndGet();
			});
		}
		return running;
	}

	/**
	 * Keeps {@code tasks} short CPU-bound tasks in flight, each queueing itself again when
	 * done, as unary calls under load, until {@code end} (System.nanoTime) has passed.
	 * @return counted down by each task as it ends its loop
	 */
	private static CountDownLatch computeInAClosedLoop(GrpcServiceThreadPool pool, int tasks, AtomicLong end) {
		CountDownLatch loops = new CountDownLatch(tasks);
		for (int i = 0; i < tasks; i++) {
			pool.executor().execute(new Runnable() {
				@Override
				public void run() {
					computeFor(20_000);
					if (System.nanoTime() < end.get()) {
						pool.executor().execute(this);
					}
					else {
						loops.countDown();
					}
				}
			});
		}
		return loops;
	}

	/** Keeps the CPU busy for about nanos, as a short call does. */
	private static void computeFor(long nanos) {
		long end = System.nanoTime() + nanos;
		while (System.nanoTime() < end) {
			Thread.onSpinWait();
		}
	}

	private static void waitFor(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
