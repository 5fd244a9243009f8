package io.grpckit.server.http;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.SynchronizationContext;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.log.LogMessage;

/**
 * One gRPC call made for an HTTP request, as a publisher of the response's parts. Each part
 * the web server asks for lets one more response message in, so a slow HTTP reader slows the
 * service down instead of filling memory; cancelling the subscription cancels the call.
 * <p>
 * Call events and subscriber signals meet in one {@link SynchronizationContext}: they run one
 * at a time without a lock, so that asking the in-process transport for a message (which may
 * deliver it on the spot, on this thread) never waits for a lock a transport thread holds.
 */
final class BridgeCall implements Flow.Publisher<HttpPart> {

	private static final Log logger = LogFactory.getLog(BridgeCall.class);

	private final SynchronizationContext context = new SynchronizationContext(
			(thread, ex) -> logger.warn("Failure in an HTTP-to-gRPC call's callback", ex));

	private final Channel channel;

	private final MethodDescriptor<Object, Object> method;

	private final Object request;

	private final Metadata requestHeaders;

	private final CallOptions options;

	private final ResponseEncoder encoder;

	private final AtomicBoolean subscribed = new AtomicBoolean();

	// state below is only touched in this.context
	private final Queue<HttpPart> ready = new ArrayDeque<>();

	private Flow.@Nullable Subscriber<? super HttpPart> subscriber;

	private @Nullable ClientCall<Object, Object> call;

	private long demand;

	private boolean messageRequested;

	private boolean headSent;

	private boolean closed;

	private boolean done;

	private Metadata responseHeaders = new Metadata();

	private @Nullable Object unaryMessage;

	BridgeCall(Channel channel, MethodDescriptor<Object, Object> method, Object request, Metadata requestHeaders,
			CallOptions options, ResponseEncoder encoder) {
		this.channel = channel;
		this.method = method;
		this.request = request;
		this.requestHeaders = requestHeaders;
		this.options = options;
		this.encoder = encoder;
	}

	@Override
	public void subscribe(Flow.Subscriber<? super HttpPart> subscriber) {
		if (!this.subscribed.compareAndSet(false, true)) {
			subscriber.onSubscribe(new NoSubscription());
			subscriber.onError(new IllegalStateException("An HTTP-to-gRPC call can be subscribed to once"));
			return;
		}
		this.context.execute(() -> {
			this.subscriber = subscriber;
			subscriber.onSubscribe(new CallSubscription());
			if (!this.done) {
				start();
			}
		});
	}

	private void start() {
		// the HTTP thread's context (if any) must not lend its deadline or cancellation
		Context previous = Context.ROOT.attach();
		try {
			ClientCall<Object, Object> call = this.channel.newCall(this.method, this.options);
			this.call = call;
			if (this.encoder.streaming()) {
				// a stream is written as it comes: its service code must not hold the web thread
				call.start(new Listener(), this.requestHeaders);
				call.sendMessage(this.request);
				call.halfClose();
				return;
			}
			CallingThread.running(() -> {
				call.start(new Listener(), this.requestHeaders);
				call.sendMessage(this.request);
				call.halfClose();
				// one message, bounded by the server's message size: no need to wait for demand
				this.messageRequested = true;
				call.request(1);
			});
		}
		finally {
			Context.ROOT.detach(previous);
		}
	}

	private void drain() {
		Flow.Subscriber<? super HttpPart> subscriber = this.subscriber;
		if (subscriber == null || this.done) {
			return;
		}
		while (this.demand > 0 && !this.ready.isEmpty() && !this.done) {
			this.demand--;
			subscriber.onNext(this.ready.poll());
		}
		if (this.done) {
			return;
		}
		if (this.closed && this.ready.isEmpty()) {
			this.done = true;
			subscriber.onComplete();
			return;
		}
		ClientCall<Object, Object> call = this.call;
		if (!this.closed && this.demand > 0 && this.ready.isEmpty() && !this.messageRequested && call != null) {
			this.messageRequested = true;
			call.request(1);
		}
	}

	private void onMessage(Object message) {
		this.messageRequested = false;
		if (!this.encoder.streaming()) {
			this.unaryMessage = message;
			return;
		}
		if (!this.headSent) {
			this.headSent = true;
			this.ready.add(this.encoder.head(this.responseHeaders));
		}
		this.ready.add(new HttpPart.Chunk(this.encoder.message(message)));
		drain();
	}

	private void onClose(Status status, Metadata trailers) {
		this.closed = true;
		if (this.done) {
			return;
		}
		if (this.headSent) {
			byte[] end = this.encoder.end(status, trailers);
			if (end != null) {
				this.ready.add(new HttpPart.Chunk(end));
			}
		}
		else {
			// the whole answer is known: its length goes in the head
			this.ready.addAll(FixedResponse
				.withLength(this.encoder.complete(this.responseHeaders, this.unaryMessage, status, trailers)));
		}
		drain();
	}

	/**
	 * Run an event; a message the protocol cannot write (e.g. JSON of an {@code Any} of an
	 * unknown type) fails the response and cancels the call rather than leave both hanging.
	 */
	private void guarded(Runnable event) {
		try {
			event.run();
		}
		catch (RuntimeException ex) {
			if (this.done) {
				return;
			}
			this.done = true;
			this.ready.clear();
			ClientCall<Object, Object> call = this.call;
			if (call != null && !this.closed) {
				call.cancel("HTTP response cannot be written", ex);
			}
			logger.warn(LogMessage.format("Cannot write the HTTP response of %s", this.method.getFullMethodName()), ex);
			Flow.Subscriber<? super HttpPart> subscriber = this.subscriber;
			if (subscriber != null) {
				subscriber.onError(ex);
			}
		}
	}

	private final class Listener extends ClientCall.Listener<Object> {

		@Override
		public void onHeaders(Metadata headers) {
			BridgeCall.this.context.execute(() -> BridgeCall.this.responseHeaders = headers);
		}

		@Override
		public void onMessage(Object message) {
			BridgeCall.this.context.execute(() -> guarded(() -> BridgeCall.this.onMessage(message)));
		}

		@Override
		public void onClose(Status status, Metadata trailers) {
			BridgeCall.this.context.execute(() -> guarded(() -> BridgeCall.this.onClose(status, trailers)));
		}

	}

	private final class CallSubscription implements Flow.Subscription {

		@Override
		public void request(long n) {
			BridgeCall.this.context.execute(() -> {
				if (BridgeCall.this.done) {
					return;
				}
				if (n <= 0) {
					cancel("HTTP subscriber asked for " + n + " parts");
					Flow.Subscriber<? super HttpPart> subscriber = BridgeCall.this.subscriber;
					if (subscriber != null) {
						subscriber.onError(new IllegalArgumentException("non-positive request: " + n));
					}
					return;
				}
				long sum = BridgeCall.this.demand + n;
				BridgeCall.this.demand = (sum < 0) ? Long.MAX_VALUE : sum;
				drain();
			});
		}

		@Override
		public void cancel() {
			BridgeCall.this.context.execute(() -> {
				if (!BridgeCall.this.done) {
					cancel("HTTP client went away");
				}
			});
		}

		private void cancel(String why) {
			BridgeCall.this.done = true;
			BridgeCall.this.ready.clear();
			ClientCall<Object, Object> call = BridgeCall.this.call;
			if (call != null && !BridgeCall.this.closed) {
				logger.debug(LogMessage.format("Cancelling %s: %s", BridgeCall.this.method.getFullMethodName(), why));
				call.cancel(why, null);
			}
		}

	}

	private static final class NoSubscription implements Flow.Subscription {

		@Override
		public void request(long n) {
		}

		@Override
		public void cancel() {
		}

	}

}
