package io.grpckit.demo.greeter;

import java.util.ArrayList;
import java.util.List;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.grpckit.demo.greeter.proto.HelloRequest;

/**
 * SayHelloToAll: collects names in arrival order; after the client's half-close waits the
 * largest {@code delay_ms} and sends one reply. The work per message is short, so gRPC's
 * automatic request of the next message is the right back-pressure. At most
 * {@code maxNames} names are kept: the next one ends the call with RESOURCE_EXHAUSTED when it
 * arrives, so the names held (and the reply) stay bounded whatever the client sends.
 */
final class GreetingCollector implements StreamObserver<HelloRequest> {

	private final ReplySink sink;

	private final int maxNames;

	/** Guarded by the sink's monitor. */
	private final List<String> names = new ArrayList<>();

	/** Guarded by the sink's monitor. */
	private long maxDelayMs;

	GreetingCollector(ReplySink sink, int maxNames) {
		this.sink = sink;
		this.maxNames = maxNames;
	}

	@Override
	public void onNext(HelloRequest request) {
		this.sink.runIfOpen(() -> {
			StatusRuntimeException invalid = RequestChecks.checkNameAndDelay(request);
			if (invalid != null) {
				this.sink.fail(invalid);
				return;
			}
			if (this.names.size() == this.maxNames) {
				this.sink.fail(Status.RESOURCE_EXHAUSTED.withDescription(
						"names: " + (this.maxNames + 1) + " (expected: at most " + this.maxNames + ")"));
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
