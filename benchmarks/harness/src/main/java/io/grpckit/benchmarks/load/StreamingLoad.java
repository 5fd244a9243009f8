package io.grpckit.benchmarks.load;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;

import io.grpc.ManagedChannel;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpckit.demo.greeter.proto.GreeterGrpc;
import io.grpckit.demo.greeter.proto.HelloReply;
import io.grpckit.demo.greeter.proto.HelloRequest;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Server streaming (SayHelloStream, {@code count} replies a call, calls back to back on each
 * of {@code streams} streams) and bidi ping-pong (Chat: send one, wait for its reply, send
 * the next, on each of {@code streams} streams).
 */
final class StreamingLoad {

	private final List<ManagedChannel> channels;

	private final int streams;

	private final LongAdder messages = new LongAdder();

	private final LongAdder errors = new LongAdder();

	// bidi: from a ping's send to its reply, in nanoseconds
	private final Recorder roundTrips = new Recorder(3);

	private volatile boolean running = true;

	private CountDownLatch stopped;

	StreamingLoad(List<ManagedChannel> channels, int streams) {
		this.channels = channels;
		this.streams = streams;
	}

	void runServerStreaming(int count, Duration warmup, Duration duration, long serverPid,
			Map<String, Double> results) {
		HelloRequest request = HelloRequest.newBuilder().setName("bench").setCount(count).build();
		start((stub) -> serverStream(stub, request));
		measure("stream", "msgs_per_s", "msg", warmup, duration, serverPid, results);
	}

	void runPingPong(Duration warmup, Duration duration, long serverPid, Map<String, Double> results) {
		start(this::chat);
		measure("bidi", "round_trips_per_s", "round_trip", warmup, duration, serverPid, results);
	}

	private void start(java.util.function.Consumer<GreeterGrpc.GreeterStub> stream) {
		this.stopped = new CountDownLatch(this.streams);
		for (int i = 0; i < this.streams; i++) {
			stream.accept(GreeterGrpc.newStub(this.channels.get(i % this.channels.size())));
		}
	}

	private void measure(String mode, String rateName, String unit, Duration warmup, Duration duration,
			long serverPid, Map<String, Double> results) {
		Window.sleep(warmup);
		this.roundTrips.getIntervalHistogram();
		Window window = new Window(serverPid, this.messages);
		long errors0 = this.errors.sum();
		window.open();
		Window.sleep(duration);
		window.close();
		Histogram latencies = this.roundTrips.getIntervalHistogram();
		long errorCount = this.errors.sum() - errors0;
		this.running = false;
		UnaryLoad.await(this.stopped);
		results.put(mode + "." + rateName, window.rate());
		results.put(mode + ".client_cpu_us_per_" + unit, window.clientCpuMicrosPer());
		results.put(mode + ".server_cpu_us_per_" + unit, window.serverCpuMicrosPer());
		results.put(mode + ".errors", (double) errorCount);
		if (latencies.getTotalCount() > 0) {
			results.put(mode + ".p50_ms", latencies.getValueAtPercentile(50) / 1e6);
			results.put(mode + ".p99_ms", latencies.getValueAtPercentile(99) / 1e6);
		}
	}

	private void serverStream(GreeterGrpc.GreeterStub stub, HelloRequest request) {
		if (!this.running) {
			this.stopped.countDown();
			return;
		}
		stub.sayHelloStream(request, new io.grpc.stub.StreamObserver<>() {

			@Override
			public void onNext(HelloReply reply) {
				StreamingLoad.this.messages.increment();
			}

			@Override
			public void onError(Throwable t) {
				StreamingLoad.this.errors.increment();
				Window.sleep(Duration.ofMillis(10));
				serverStream(stub, request);
			}

			@Override
			public void onCompleted() {
				serverStream(stub, request);
			}

		});
	}

	private void chat(GreeterGrpc.GreeterStub stub) {
		HelloRequest ping = HelloRequest.newBuilder().setName("ping").build();
		ClientResponseObserver<HelloRequest, HelloReply> responses = new ClientResponseObserver<>() {

			private ClientCallStreamObserver<HelloRequest> requests;

			private long sentAt = System.nanoTime();

			@Override
			public void beforeStart(ClientCallStreamObserver<HelloRequest> requests) {
				this.requests = requests;
			}

			@Override
			public void onNext(HelloReply reply) {
				StreamingLoad.this.messages.increment();
				long now = System.nanoTime();
				StreamingLoad.this.roundTrips.recordValue(now - this.sentAt);
				// replies are serialized and the next ping goes out only after a reply: one writer
				if (StreamingLoad.this.running) {
					this.sentAt = now;
					this.requests.onNext(ping);
				}
				else {
					this.requests.onCompleted();
				}
			}

			@Override
			public void onError(Throwable t) {
				StreamingLoad.this.errors.increment();
				StreamingLoad.this.stopped.countDown();
			}

			@Override
			public void onCompleted() {
				StreamingLoad.this.stopped.countDown();
			}

		};
		stub.chat(responses).onNext(ping);
	}

}
