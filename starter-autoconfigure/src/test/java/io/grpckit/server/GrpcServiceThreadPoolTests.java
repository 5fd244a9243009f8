package io.grpckit.server;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

class GrpcServiceThreadPoolTests {

	private static final int CORES = Runtime.getRuntime().availableProcessors();

	private final GrpcServiceThreadPool pool = new GrpcServiceThreadPool(200, Duration.ofSeconds(60));

	private final CountDownLatch release = new CountDownLatch(1);

	@AfterEach
	void stop() {
		this.release.countDown();
		this.pool.destroy();
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

	@Test
	void growsWhenEveryThreadIsBusyUpToTheMaximum() {
		GrpcServiceThreadPool small = new GrpcServiceThreadPool(CORES + 3, Duration.ofSeconds(60));
		try {
			AtomicInteger running = new AtomicInteger();
			for (int i = 0; i < CORES + 10; i++) {
				small.executor().execute(() -> {
					running.incrementAndGet();
					waitFor(this.release);
					running.decrementAndGet();
				});
			}
			await().atMost(Duration.ofSeconds(10))
				.until(() -> running.get() == CORES + 3 && small.getQueuedTasks() == 7);
			assertThat(small.getThreads()).isEqualTo(CORES + 3);
			this.release.countDown();
			await().atMost(Duration.ofSeconds(10)).until(() -> running.get() == 0 && small.getQueuedTasks() == 0);
		}
		finally {
			small.destroy();
		}
	}

	@Test
	void threadsAddedForABurstRetireAfterTheKeepAliveAndTheCoreStays() {
		// issue 21: after the load phase the greeter held 171 threads; the ones the pool added
		// must end once idle for keep-alive (grpckit.server.executor.keep-alive), one per core stays
		GrpcServiceThreadPool burst = new GrpcServiceThreadPool(CORES + 8, Duration.ofMillis(200));
		try {
			AtomicInteger running = new AtomicInteger();
			for (int i = 0; i < CORES + 8; i++) {
				burst.executor().execute(() -> {
					running.incrementAndGet();
					waitFor(this.release);
					running.decrementAndGet();
				});
			}
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
		finally {
			burst.destroy();
		}
	}

	@Test
	void refusesTasksAfterDestroy() {
		this.pool.destroy();
		assertThatExceptionOfType(RejectedExecutionException.class)
			.isThrownBy(() -> this.pool.executor().execute(() -> {
			}))
			.withMessageContaining("shut down");
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
