package io.grpckit.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class LastIdleFirstQueueTests {

	private final LastIdleFirstQueue queue = new LastIdleFirstQueue();

	@Test
	void tasksComeOutInTheOrderTheyWentIn() {
		List<Runnable> tasks = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			Runnable task = () -> {
			};
			tasks.add(task);
			this.queue.offer(task);
		}
		assertThat(this.queue).hasSize(5);
		List<Runnable> out = new ArrayList<>();
		this.queue.drainTo(out);
		assertThat(out).containsExactlyElementsOf(tasks);
		assertThat(this.queue).isEmpty();
	}

	@Test
	void theThreadThatWentIdleLastGetsTheNextTask() throws Exception {
		List<Taker> takers = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			// waiting in turn: 0 first, 2 last
			takers.add(Taker.waitingIn(this.queue, "consumer-" + i));
		}
		Runnable first = () -> {
		};
		this.queue.offer(first);
		assertThat(takers.get(2).task()).succeedsWithin(Duration.ofSeconds(10)).isSameAs(first);
		assertThat(takers.get(0).task()).isNotDone();
		assertThat(takers.get(1).task()).isNotDone();
		Runnable second = () -> {
		};
		this.queue.offer(second);
		assertThat(takers.get(1).task()).succeedsWithin(Duration.ofSeconds(10)).isSameAs(second);
		assertThat(takers.get(0).task()).isNotDone();
		takers.get(0).thread().interrupt();
		assertThat(takers.get(0).task()).failsWithin(Duration.ofSeconds(10));
	}

	@Test
	void anInterruptedThreadLeavesTheWaitingRoomAndTheNextTaskGoesToAnother() throws Exception {
		Taker leaving = Taker.waitingIn(this.queue, "leaving");
		Taker staying = Taker.waitingIn(this.queue, "staying");
		leaving.thread().interrupt();
		assertThat(leaving.task()).failsWithin(Duration.ofSeconds(10))
			.withThrowableThat()
			.havingCause()
			.isInstanceOf(InterruptedException.class);
		assertThat(this.queue.waitingThreads()).isOne();
		Runnable task = () -> {
		};
		this.queue.offer(task);
		assertThat(staying.task()).succeedsWithin(Duration.ofSeconds(10)).isSameAs(task);
		assertThat(this.queue.waitingThreads()).isZero();
	}

	@Test
	void pollWithATimeoutReturnsNothingWhenNoTaskCame() throws Exception {
		long start = System.nanoTime();
		assertThat(this.queue.poll(50, TimeUnit.MILLISECONDS)).isNull();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(50));
		assertThat(this.queue.waitingThreads()).isZero();
	}

	@Test
	void noTaskIsLostNorLeftWaitingUnderContention() throws Exception {
		// a lost wake-up leaves a task in line while every consumer sleeps: the latch never opens
		int producers = 4;
		int consumers = 4;
		int perProducer = 50_000;
		CountDownLatch done = new CountDownLatch(producers * perProducer);
		AtomicInteger ran = new AtomicInteger();
		List<Thread> threads = new ArrayList<>();
		for (int i = 0; i < consumers; i++) {
			boolean timed = (i % 2 == 0);
			threads.add(new Thread(() -> {
				try {
					while (!Thread.currentThread().isInterrupted()) {
						Runnable task = timed ? this.queue.poll(1, TimeUnit.MILLISECONDS) : this.queue.take();
						if (task != null) {
							task.run();
						}
					}
				}
				catch (InterruptedException ex) {
					// stop
				}
			}, "consumer-" + i));
		}
		for (int i = 0; i < producers; i++) {
			threads.add(new Thread(() -> {
				for (int n = 0; n < perProducer; n++) {
					this.queue.offer(() -> {
						ran.incrementAndGet();
						done.countDown();
					});
					if (n % 64 == 0) {
						Thread.yield();
					}
				}
			}, "producer-" + i));
		}
		threads.forEach(Thread::start);
		try {
			assertThat(done.await(60, TimeUnit.SECONDS)).as("all tasks ran, %s of them", ran).isTrue();
			assertThat(ran).hasValue(producers * perProducer);
			assertThat(this.queue).isEmpty();
		}
		finally {
			threads.forEach(Thread::interrupt);
		}
	}

	/** A thread blocked in {@code take()}, and what it took. */
	private record Taker(Thread thread, CompletableFuture<Runnable> task) {

		/** Starts one and returns once it waits in the queue, after those started before it. */
		static Taker waitingIn(LastIdleFirstQueue queue, String name) {
			CompletableFuture<Runnable> task = new CompletableFuture<>();
			Thread thread = new Thread(() -> {
				try {
					task.complete(queue.take());
				}
				catch (InterruptedException ex) {
					task.completeExceptionally(ex);
				}
			}, name);
			thread.setDaemon(true);
			int before = queue.waitingThreads();
			thread.start();
			await().atMost(Duration.ofSeconds(10))
				.until(() -> thread.getState() == Thread.State.WAITING && queue.waitingThreads() == before + 1);
			return new Taker(thread, task);
		}

	}

}
