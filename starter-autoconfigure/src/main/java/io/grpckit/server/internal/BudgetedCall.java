package io.grpckit.server.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.google.protobuf.MessageLite;
import io.grpc.Context;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;
import org.jspecify.annotations.Nullable;

/**
 * One streaming call under a {@link SendBudget}: reports itself not ready while the budget
 * is spent, accounts the bytes of the messages it leaves queued, and gives them back as
 * its transport drains or the call ends. The budget wakes it from another thread, so every
 * listener callback goes through one queue that runs them one at a time, in order, as
 * gRPC's own executor would.
 */
final class BudgetedCall<ReqT, RespT> extends ForwardingServerCall.SimpleForwardingServerCall<ReqT, RespT> {

	private final SendBudget budget;

	private final SendBudget.ConnectionShare share;

	private final Context context;

	private final Queue<Runnable> callbacks = new ConcurrentLinkedQueue<>();

	private final AtomicInteger pendingCallbacks = new AtomicInteger();

	private ServerCall.@Nullable Listener<ReqT> listener;

	private final AtomicLong estimate;

	// written under this: bytes of sent messages still queued, and bytes taken for a message
	// the service was told it may build
	private volatile long held;

	private volatile long reserved;

	// grpc-java's default: a stream is ready while less than this is queued
	private static final long READY_THRESHOLD = 32 * 1024;

	// messages below this size are not counted
	private static final long SMALL = READY_THRESHOLD;

	// the largest message this call sent, touched by the sending thread only
	private long largest;

	private volatile long waitingSince;

	private volatile boolean ended;

	private volatile boolean expired;

	BudgetedCall(ServerCall<ReqT, RespT> call, SendBudget budget, SendBudget.ConnectionShare share) {
		super(call);
		this.budget = budget;
		this.share = share;
		this.context = Context.current();
		this.estimate = budget.estimate(call.getMethodDescriptor().getFullMethodName());
	}

	ServerCall.Listener<ReqT> listen(ServerCall.Listener<ReqT> listener) {
		this.listener = listener;
		return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {

			@Override
			public void onMessage(ReqT message) {
				serially(() -> listener.onMessage(message));
			}

			@Override
			public void onHalfClose() {
				serially(listener::onHalfClose);
			}

			@Override
			public void onReady() {
				serially(() -> {
					if (transportReady()) {
						releaseHeld();
					}
					if (!BudgetedCall.this.expired) {
						listener.onReady();
					}
				});
			}

			@Override
			public void onCancel() {
				serially(() -> {
					end();
					if (!BudgetedCall.this.expired) {
						listener.onCancel();
					}
				});
			}

			@Override
			public void onComplete() {
				serially(() -> {
					end();
					if (!BudgetedCall.this.expired) {
						listener.onComplete();
					}
				});
			}

		};
	}

	private boolean transportReady() {
		return delegate().isReady();
	}

	SendBudget.ConnectionShare share() {
		return this.share;
	}

	long waitingSince() {
		return this.waitingSince;
	}

	@Override
	public boolean isReady() {
		if (this.expired || !delegate().isReady()) {
			// the transport tells the call when it is ready again
			return false;
		}
		// plain reads first: locking on every isReady() of a busy stream costs more than
		// an occasionally stale answer, which the next call or callback corrects
		if (this.reserved > 0) {
			return true;
		}
		if (this.held > 0) {
			// a ready transport holds less than its threshold of this call's bytes
			releaseHeld();
		}
		if (SendBudget.expected(this.estimate) < SMALL) {
			// small messages are not counted (see sendMessage)
			return true;
		}
		if (reserve()) {
			return true;
		}
		this.waitingSince = System.nanoTime();
		this.budget.await(this);
		// budget freed between the check and the registration: nobody would wake this call
		if (reserve()) {
			this.budget.forget(this);
			return true;
		}
		return false;
	}

	private boolean reserve() {
		long bytes = SendBudget.expected(this.estimate);
		if (!this.budget.tryReserve(this.share, bytes)) {
			return false;
		}
		synchronized (this) {
			this.reserved += bytes;
		}
		return true;
	}

	@Override
	public void sendMessage(RespT message) {
		if (this.expired) {
			// ended by the budget; the service learns it from onCancel
			return;
		}
		long size = (message instanceof MessageLite lite) ? lite.getSerializedSize() : 0;
		if (size > this.largest || this.largest == 0) {
			this.largest = size;
			SendBudget.learn(this.estimate, size);
		}
		if (size < SMALL && this.reserved == 0) {
			// A stream is not ready once about 32 KiB wait in its transport, so a call that
			// looks at isReady() queues at most that plus one small message: bounded by the
			// calls per connection already, and not worth shared counters on every message
			// of a fast stream.
			super.sendMessage(message);
			return;
		}
		long reservation;
		long held;
		synchronized (this) {
			reservation = this.reserved;
			this.reserved = 0;
			this.held += size;
			held = this.held;
		}
		// account before the bytes exist, so that other calls see them
		this.budget.give(this.share, reservation - size);
		super.sendMessage(message);
		// below the transport's own ready threshold nothing is worth a look at the transport;
		// above it, a ready transport has drained what this call sent
		if (held >= READY_THRESHOLD && delegate().isReady()) {
			releaseHeld();
		}
	}

	@Override
	public void close(Status status, Metadata trailers) {
		if (!this.expired) {
			super.close(status, trailers);
		}
	}

	/** The budget has room again: tell the call, as the transport would. */
	void budgetAvailable() {
		try {
			this.context.run(() -> serially(() -> {
				if (!this.ended && !this.expired && delegate().isReady() && this.listener != null) {
					this.listener.onReady();
				}
			}));
		}
		catch (RuntimeException ex) {
			// what gRPC's executor does with a callback that throws
			waitExpired(Status.UNKNOWN.withDescription("Application error processing RPC").withCause(ex));
		}
	}

	/** The call waited too long for budget: end it, and tell the service it was cancelled. */
	void waitExpired() {
		waitExpired(Status.RESOURCE_EXHAUSTED.withDescription("waited longer than " + this.budget.maxWait()
				+ " for send buffer: " + this.budget.heldBytes() + " of " + this.budget.maxBytes()
				+ " bytes are queued for clients that read slowly (grpckit.server.outbound.buffer.*)"));
	}

	private void waitExpired(Status status) {
		this.context.run(() -> serially(() -> {
			if (this.ended || this.expired) {
				return;
			}
			this.expired = true;
			delegate().close(status, new Metadata());
			if (this.listener != null) {
				this.listener.onCancel();
			}
		}));
	}

	private void releaseHeld() {
		long released;
		synchronized (this) {
			released = this.held;
			this.held = 0;
		}
		if (released > 0) {
			this.budget.give(this.share, released);
		}
	}

	// a reservation lives until the message is sent or the callback that took it returns
	private void releaseReservation() {
		if (this.reserved == 0) {
			return;
		}
		long released;
		synchronized (this) {
			released = this.reserved;
			this.reserved = 0;
		}
		if (released > 0) {
			this.budget.give(this.share, released);
		}
	}

	private void end() {
		if (this.ended) {
			return;
		}
		this.ended = true;
		SendBudget.settle(this.estimate, this.largest);
		this.budget.forget(this);
		releaseHeld();
		releaseReservation();
		this.budget.leave(this.share);
	}

	// Runs callbacks one at a time in arrival order, on whichever thread finds the queue idle;
	// uncontended (the usual case) a callback runs at once without touching the queue. A
	// failure is rethrown after the queue is drained, to the thread that ran it: gRPC's
	// executor closes the call as it would without this queue.
	private void serially(Runnable callback) {
		if (this.pendingCallbacks.getAndIncrement() != 0) {
			this.callbacks.add(callback);
			return;
		}
		RuntimeException failure = run(callback, null);
		while (this.pendingCallbacks.decrementAndGet() != 0) {
			Runnable next;
			// counted before it was queued: the other thread is about to add it
			while ((next = this.callbacks.poll()) == null) {
				Thread.onSpinWait();
			}
			failure = run(next, failure);
		}
		if (failure != null) {
			throw failure;
		}
	}

	private @Nullable RuntimeException run(Runnable callback, @Nullable RuntimeException failure) {
		try {
			callback.run();
			return failure;
		}
		catch (RuntimeException ex) {
			return (failure != null) ? failure : ex;
		}
		finally {
			releaseReservation();
		}
	}

}
