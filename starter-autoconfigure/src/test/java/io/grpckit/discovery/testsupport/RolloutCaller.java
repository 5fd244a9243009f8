package io.grpckit.discovery.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.grpckit.test.proto.EchoGrpc;
import io.grpckit.test.proto.EchoRequest;

import static org.awaitility.Awaitility.await;

/**
 * Four threads calling back to back, recording who served, failures and the longest
 * latency.
 */
public final class RolloutCaller implements AutoCloseable {

	public final List<String> failures = new CopyOnWriteArrayList<>();

	/**
	 * Calls whose server had already sent the response headers when it died (SIGKILL): gRPC
	 * commits such a call, so no client retry policy may repeat it. Counted apart and reported,
	 * not hidden; they can only happen in the crash tests, in the instant between the headers
	 * and the rest of an answer.
	 */
	public final List<String> lostAfterAnswerStarted = new CopyOnWriteArrayList<>();

	final Map<String, Long> lastServed = new ConcurrentHashMap<>();

	final AtomicLong calls = new AtomicLong();

	final AtomicLong maxLatencyNanos = new AtomicLong();

	private final long createdAt = System.nanoTime();

	private final List<String> events = new CopyOnWriteArrayList<>();

	private volatile long slowestStartedAt;

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final List<Thread> threads = new ArrayList<>();

	public RolloutCaller(EchoGrpc.EchoBlockingStub stub) {
		for (int i = 0; i < 4; i++) {
			Thread thread = new Thread(() -> {
				while (this.running.get()) {
					long start = System.nanoTime();
					AtomicReference<Metadata> headers = new AtomicReference<>();
					try {
						String served = stub.withDeadlineAfter(10, TimeUnit.SECONDS)
							.withInterceptors(MetadataUtils.newCaptureMetadataInterceptor(headers, new AtomicReference<>()))
							.unary(EchoRequest.getDefaultInstance())
							.getText();
						long end = System.nanoTime();
						this.lastServed.put(served, end);
						if (end - start > this.maxLatencyNanos.get()) {
							this.maxLatencyNanos.accumulateAndGet(end - start, Math::max);
							this.slowestStartedAt = start;
						}
					}
					catch (RuntimeException ex) {
						(headers.get() != null ? this.lostAfterAnswerStarted : this.failures).add(ex.toString());
					}
					this.calls.incrementAndGet();
				}
			}, "rollout-caller-" + i);
			thread.start();
			this.threads.add(thread);
		}
	}

	public void resetLatency() {
		this.maxLatencyNanos.set(0);
		this.events.add("latency measured from " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - this.createdAt) + " ms");
	}

	public void event(String what) {
		this.events.add(what + " at " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - this.createdAt) + " ms");
	}

	public void awaitServed(String... names) {
		long since = System.nanoTime();
		await().atMost(Duration.ofSeconds(60))
			.until(() -> Set.of(names).stream().allMatch((name) -> this.lastServed.getOrDefault(name, 0L) > since));
	}

	public void awaitFreshCallsAvoid(String name) {
		long since = System.nanoTime();
		long before = this.calls.get();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.calls.get() > before + 500 && this.lastServed.getOrDefault(name, 0L) < since);
	}

	public void stop() throws InterruptedException {
		this.running.set(false);
		for (Thread thread : this.threads) {
			thread.join(15_000);
		}
	}

	public String summary() {
		return this.calls.get() + " calls, " + this.failures.size() + " failed, " + this.lostAfterAnswerStarted.size()
				+ " lost after the dying server had started answering, longest call "
				+ TimeUnit.NANOSECONDS.toMillis(this.maxLatencyNanos.get()) + " ms (started at "
				+ TimeUnit.NANOSECONDS.toMillis(this.slowestStartedAt - this.createdAt) + " ms; " + this.events + ")"
				+ (this.failures.isEmpty() ? "" : ", first failure " + this.failures.get(0));
	}

	@Override
	public void close() throws InterruptedException {
		stop();
	}

}
