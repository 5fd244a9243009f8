package io.grpckit.benchmarks.load;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpckit.demo.greeter.proto.GreeterGrpc;
import io.grpckit.demo.greeter.proto.HelloReply;
import io.grpckit.demo.greeter.proto.HelloRequest;
import org.HdrHistogram.Recorder;

/**
 * A server pushed past its capacity. SayHello with {@code delay_ms}, which the benchmark
 * services serve by holding a service thread (a stand-in for a blocking database call), so
 * capacity is about threads / delay. Three phases: one call at a time (the unloaded
 * latency), closed loop at twice the server's thread count (its capacity, unless given), then
 * calls started at {@code factor} times that capacity on a fixed schedule whatever the
 * answers (open loop, as independent users arrive), each with a deadline, after 5 s of the
 * same as warm-up. Goodput counts the calls that succeeded; admitted calls' latency and
 * refusals' latency are recorded apart.
 */
final class OverloadLoad {

	private final List<ManagedChannel> channels;

	OverloadLoad(List<ManagedChannel> channels) {
		this.channels = channels;
	}

	void run(int threads, long delayMillis, double factor, double knownCapacity, Duration deadline,
			Duration duration, Map<String, Double> results) throws InterruptedException {
		HelloRequest request = HelloRequest.newBuilder().setName("overload").setDelayMs(delayMillis).build();
		// unloaded: one call at a time
		Phase unloaded = new Phase(request, deadline);
		long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (System.nanoTime() < end) {
			unloaded.call(this.channels.get(0)).await();
		}
		var alone = unloaded.ok.getIntervalHistogram();
		results.put("overload.unloaded_p50_ms", alone.getValueAtPercentile(50) / 1e6);
		results.put("overload.unloaded_p99_ms", alone.getValueAtPercentile(99) / 1e6);
		// capacity: given (measured on the same server without limits), or measured with twice as
		// many calls in flight as the server has threads, so that no thread waits for the client
		double capacity = knownCapacity;
		if (capacity <= 0) {
			Phase closed = new Phase(request, deadline);
			closed.closedLoop(this.channels, 2 * threads, Duration.ofSeconds(10));
			capacity = closed.okCount.sum() / 10.0;
		}
		results.put("overload.capacity_per_s", capacity);
		// open loop at factor x capacity: a warm-up of the same load (the server's refusal path
		// is cold until then), then the measured run
		double rate = capacity * factor;
		openLoop(new Phase(request, deadline), rate, Duration.ofSeconds(5), deadline);
		Phase open = openLoop(new Phase(request, deadline), rate, duration, deadline);
		double seconds = duration.toNanos() / 1e9;
		results.put("overload.offered_per_s", open.started.sum() / seconds);
		results.put("overload.goodput_per_s", open.okCount.sum() / seconds);
		results.put("overload.goodput_of_capacity", open.okCount.sum() / seconds / capacity);
		results.put("overload.admitted_p99_ms", open.ok.getIntervalHistogram().getValueAtPercentile(99) / 1e6);
		var refusals = open.refused.getIntervalHistogram();
		results.put("overload.refused_per_s", open.refusedCount.sum() / seconds);
		results.put("overload.refusal_p50_ms", refusals.getTotalCount() > 0 ? refusals.getValueAtPercentile(50) / 1e6 : 0);
		results.put("overload.refusal_p99_ms", refusals.getTotalCount() > 0 ? refusals.getValueAtPercentile(99) / 1e6 : 0);
		results.put("overload.deadline_exceeded_per_s", open.deadlineCount.sum() / seconds);
		results.put("overload.other_errors", (double) open.otherCount.sum());
	}

	private Phase openLoop(Phase phase, double rate, Duration duration, Duration deadline) {
		long interval = (long) (1e9 / rate);
		long start = System.nanoTime();
		long stop = start + duration.toNanos();
		long next = start;
		int channel = 0;
		while (next < stop) {
			long now = System.nanoTime();
			while (next <= now && next < stop) {
				phase.call(this.channels.get(channel++ % this.channels.size()));
				next += interval;
			}
			LockSupport.parkNanos(100_000);
		}
		// calls still in flight end by their deadline
		phase.awaitAll(deadline.plusSeconds(5));
		return phase;
	}

	/** Calls of one phase and how they ended. */
	private static final class Phase {

		private final HelloRequest request;

		private final Duration deadline;

		final Recorder ok = new Recorder(3);

		final Recorder refused = new Recorder(3);

		final LongAdder started = new LongAdder();

		final LongAdder okCount = new LongAdder();

		final LongAdder refusedCount = new LongAdder();

		final LongAdder deadlineCount = new LongAdder();

		final LongAdder otherCount = new LongAdder();

		final LongAdder ended = new LongAdder();

		Phase(HelloRequest request, Duration deadline) {
			this.request = request;
			this.deadline = deadline;
		}

		Call call(ManagedChannel channel) {
			this.started.increment();
			Call call = new Call(this);
			ClientCall<HelloRequest, HelloReply> clientCall = channel.newCall(GreeterGrpc.getSayHelloMethod(),
					CallOptions.DEFAULT.withDeadlineAfter(this.deadline.toNanos(), TimeUnit.NANOSECONDS));
			clientCall.start(call, new Metadata());
			clientCall.request(1);
			clientCall.sendMessage(this.request);
			clientCall.halfClose();
			return call;
		}

		void closedLoop(List<ManagedChannel> channels, int concurrency, Duration duration) throws InterruptedException {
			long end = System.nanoTime() + duration.toNanos();
			Thread[] workers = new Thread[concurrency];
			for (int i = 0; i < concurrency; i++) {
				ManagedChannel channel = channels.get(i % channels.size());
				workers[i] = new Thread(() -> {
					while (System.nanoTime() < end) {
						call(channel).await();
					}
				});
				workers[i].start();
			}
			for (Thread worker : workers) {
				worker.join();
			}
		}

		void awaitAll(Duration atMost) {
			long end = System.nanoTime() + atMost.toNanos();
			while (this.ended.sum() < this.started.sum() && System.nanoTime() < end) {
				LockSupport.parkNanos(10_000_000);
			}
		}

	}

	private static final class Call extends ClientCall.Listener<HelloReply> {

		private final Phase phase;

		private final long startNanos = System.nanoTime();

		private final CountDownLatch done = new CountDownLatch(1);

		Call(Phase phase) {
			this.phase = phase;
		}

		@Override
		public void onClose(Status status, Metadata trailers) {
			long nanos = System.nanoTime() - this.startNanos;
			switch (status.getCode()) {
				case OK -> {
					this.phase.ok.recordValue(nanos);
					this.phase.okCount.increment();
				}
				case UNAVAILABLE, RESOURCE_EXHAUSTED -> {
					this.phase.refused.recordValue(nanos);
					this.phase.refusedCount.increment();
				}
				case DEADLINE_EXCEEDED -> this.phase.deadlineCount.increment();
				default -> this.phase.otherCount.increment();
			}
			this.phase.ended.increment();
			this.done.countDown();
		}

		void await() {
			try {
				this.done.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("interrupted", ex);
			}
		}

	}

}
