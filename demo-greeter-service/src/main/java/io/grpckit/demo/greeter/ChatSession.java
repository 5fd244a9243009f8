package io.grpckit.demo.greeter;

import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.grpckit.demo.greeter.proto.HelloRequest;

/**
 * Chat: one reply per request, in order, as soon as that request arrives (after its
 * {@code delay_ms}).
 * <p>
 * Requests are taken one at a time ({@code request(1)}): the next one is requested only
 * when the reply to the previous one is out and the call is ready for more, so a delayed
 * reply keeps the order and a client that stops reading stops the server from reading.
 * All state is guarded by the sink's monitor.
 */
final class ChatSession implements StreamObserver<HelloRequest> {

	private final ReplySink sink;

	private int replies;

	/** Whether a request was taken and its reply is not out yet. */
	private boolean replyPending;

	/** Whether the next request waits for the call to become ready. */
	private boolean requestWhenReady;

	private boolean halfClosed;

	ChatSession(ReplySink sink) {
		this.sink = sink;
	}

	/** Start the session; called once from the service method. */
	void start() {
		this.sink.disableAutoRequest();
		this.sink.onReady(this::requestIfWaiting);
		this.sink.request(1);
	}

	@Override
	public void onNext(HelloRequest request) {
		this.sink.runIfOpen(() -> {
			StatusRuntimeException invalid = RequestChecks.checkNameAndDelay(request);
			if (invalid != null) {
				// Replies to earlier requests are already out: this ends the call after them.
				this.sink.fail(invalid);
				return;
			}
			this.replyPending = true;
			this.sink.after(request.getDelayMs(), () -> reply(request.getName()));
		});
	}

	@Override
	public void onError(Throwable error) {
		// The call was cancelled; the sink's cancel handler has released everything.
	}

	@Override
	public void onCompleted() {
		this.sink.runIfOpen(() -> {
			this.halfClosed = true;
			if (!this.replyPending) {
				this.sink.complete();
			}
		});
	}

	private void reply(String name) {
		this.replies++;
		this.replyPending = false;
		this.sink.send(Greetings.greet(name, this.replies));
		if (this.halfClosed) {
			this.sink.complete();
		}
		else if (this.sink.isReady()) {
			this.sink.request(1);
		}
		else {
			this.requestWhenReady = true;
		}
	}

	private void requestIfWaiting() {
		if (this.requestWhenReady && this.sink.isReady()) {
			this.requestWhenReady = false;
			this.sink.request(1);
		}
	}

}
