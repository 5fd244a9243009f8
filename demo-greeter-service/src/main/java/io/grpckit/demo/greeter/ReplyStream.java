package io.grpckit.demo.greeter;

/**
 * SayHelloStream: sends replies 1..n while the call is ready, waiting {@code delay_ms}
 * before each one.
 * <p>
 * Replies are produced only when gRPC reports the call ready (the client's flow-control
 * window has room), so a slow reader makes the server wait instead of buffering the
 * stream. All methods run under the sink's monitor, from the on-ready handler or a timer.
 */
final class ReplyStream {

	private final ReplySink sink;

	private final GreeterProbe probe;

	/** The text of every reply, made once: a stream may send millions. */
	private final String greeting;

	private final int total;

	private final long delayMs;

	/** Replies sent so far. */
	private int sent;

	/** Whether the next reply's delay has passed, so it may go out when the call is ready. */
	private boolean due;

	ReplyStream(ReplySink sink, GreeterProbe probe, String name, int total, long delayMs) {
		this.sink = sink;
		this.probe = probe;
		this.greeting = Greetings.greeting(name);
		this.total = total;
		this.delayMs = delayMs;
	}

	/** Start the stream; called once from the service method. */
	void start() {
		this.sink.onReady(this::drain);
		this.sink.after(this.delayMs, this::replyDue);
	}

	private void replyDue() {
		this.due = true;
		drain();
	}

	private void drain() {
		while (this.due && this.sink.isReady()) {
			// Update the state before onNext, so a re-entrant on-ready (possible with a
			// direct executor) sees nothing due and returns.
			this.due = false;
			this.sent++;
			this.sink.send(Greetings.reply(this.greeting, this.sent));
			if (this.sent == this.total) {
				this.sink.complete();
				return;
			}
			if (this.delayMs == 0) {
				this.due = true;
			}
			else {
				this.sink.after(this.delayMs, this::replyDue);
			}
		}
		if (this.due) {
			// Not ready: on-ready calls drain() again once the client has read enough.
			this.probe.readinessWait();
		}
	}

}
