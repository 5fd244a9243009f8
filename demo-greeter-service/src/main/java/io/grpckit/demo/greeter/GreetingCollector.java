package io.grpckit.demo.greeter;

import java.util.ArrayList;
import java.util.List;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;

import io.grpckit.demo.greeter.proto.HelloRequest;

/**
 * SayHelloToAll: collects names in arrival order; after the client's half-close waits the
 * largest {@code delay_ms} and sends one reply. The work per message is short, so gRPC's
 * automatic request of the next message is the right back-pressure.
 */
final class GreetingCollector implements StreamObserver<HelloRequest> {

	private final ReplySink sink;

	/** Guarded by the sink's monitor. */
	private final List<String> names = new ArrayList<>();

	/** Guarded by the sink's monitor. */
	private long maxDelayMs;

	GreetingCollector(ReplySink sink) {
		this.sink = sink;
	}

	@Override
	public void onNext(HelloRequest request) {
		this.sink.runIfOpen(() -> {
			Status invalid = RequestChecks.checkNameAndDelay(request);
			if (invalid != null) {
				this.sink.fail(invalid);
				return;
			}
			this.names.add(request.getName());
			this.maxDelayMs = Math.max(this.maxDelayMs, request.getDelayMs());
		});
	}

	@Override
	public void onError(Throwable error) {
		// The call was cancelled; the sink's cancel handler has released everything.
	}

	@Override
	public void onCompleted() {
		this.sink.runIfOpen(() -> {
			if (this.names.isEmpty()) {
				this.sink.fail(RequestChecks.invalid("requests: 0 (expected: at least 1)"));
				return;
			}
			// The delay counts from the half-close, which is now.
			this.sink.after(this.maxDelayMs, () -> {
				this.sink.send(Greetings.greetAll(this.names));
				this.sink.complete();
			});
		});
	}

}
