package io.grpckit.benchmarks.load;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import io.grpckit.demo.greeter.proto.GreeterGrpc;
import io.grpckit.demo.greeter.proto.HelloReply;
import io.grpckit.demo.greeter.proto.HelloRequest;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Closed-loop unary SayHello: {@code concurrency} calls always in flight, spread over the
 * channels; each completion starts the next call.
 */
final class UnaryLoad {

	private static final HelloRequest REQUEST = HelloRequest.newBuilder().setName("bench").build();

	private final List<ManagedChannel> channels;

	private final int concurrency;

	private final String key;

	private final LongAdder completed = new LongAdder();

	private final LongAdder errors = new LongAdder();

	private final Recorder latencies = new Recorder(3);

	private volatile boolean running = true;

	private volatile boolean recording;

	private CountDownLatch stopped;

	UnaryLoad(List<ManagedChannel> channels, int concurrency) {
		this(channels, concurrency, "unary");
	}

	/**
	 * A load whose results are named {@code <key>.qps}, {@code <key>.p50_ms}, ...
	 */
	UnaryLoad(List<ManagedChannel> channels, int concurrency, String key) {
		this.channels = channels;
		this.concurrency = concurrency;
		this.key = key;
	}

	void run(Duration warmup, Duration duration, long serverPid, Map<String, Double> results) {
		this.stopped = new CountDownLatch(this.concurrency);
		for (int i = 0; i < this.concurrency; i++) {
			GreeterGrpc.GreeterStub stub = GreeterGrpc.newStub(this.channels.get(i % this.channels.size()));
			next(stub);
		}
		Window.sleep(warmup);
		Window window = new Window(serverPid, this.completed);
		this.latencies.reset();
		this.recording = true;
		long errors0 = this.errors.sum();
		window.open();
		Window.sleep(duration);
		window.close();
		this.recording = false;
		Histogram histogram = this.latencies.getIntervalHistogram();
		long errorCount = this.errors.sum() - errors0;
		this.running = false;
		await(this.stopped);
		results.put(this.key + ".qps", window.rate());
		results.put(this.key + ".p50_ms", histogram.getValueAtPercentile(50) / 1e6);
		results.put(this.key + ".p90_ms", histogram.getValueAtPercentile(90) / 1e6);
		results.put(this.key + ".p99_ms", histogram.getValueAtPercentile(99) / 1e6);
		results.put(this.key + ".max_ms", histogram.getMaxValue() / 1e6);
		results.put(this.key + ".client_cpu_us_per_call", window.clientCpuMicrosPer());
		results.put(this.key + ".server_cpu_us_per_call", window.serverCpuMicrosPer());
		results.put(this.key + ".server_sys_share", window.serverSystemShare());
		results.put(this.key + ".server_switches_per_call", window.serverSwitchesPer());
		results.put(this.key + ".errors", (double) errorCount);
	}

	private void next(GreeterGrpc.GreeterStub stub) {
		if (!this.running) {
			this.stopped.countDown();
			return;
		}
		long start = System.nanoTime();
		stub.sayHello(REQUEST, new StreamObserver<>() {

			@Override
			public void onNext(HelloReply reply) {
			}

			@Override
			public void onError(Throwable t) {
				UnaryLoad.this.errors.increment();
				// may run inline when the channel fails fast: leave the stack before the next call
				ForkJoinPool.commonPool().execute(() -> {
					Window.sleep(Duration.ofMillis(10));
					next(stub);
				});
			}

			@Override
			public void onCompleted() {
				if (UnaryLoad.this.recording) {
					UnaryLoad.this.latencies.recordValue(System.nanoTime() - start);
				}
				UnaryLoad.this.completed.increment();
				next(stub);
			}

		});
	}

	static void await(CountDownLatch latch) {
		try {
			if (!latch.await(30, TimeUnit.SECONDS)) {
				throw new IllegalStateException("calls did not finish within 30 s");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

}
