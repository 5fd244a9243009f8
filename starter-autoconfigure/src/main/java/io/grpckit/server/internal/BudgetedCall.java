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

	// guarded by this: bytes of sent messages still queued, and bytes taken for a message
	// the service was told it may build
	private long held;

	private long reserved;

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
		synchronized (this) {
			if (this.reserved > 0) {
				return true;
			}
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
		long bytes = this.estimate.get();
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
		long reservation;
		synchronized (this) {
			reservation = this.reserved;
			this.reserved = 0;
			this.held += size;
		}
		// account before the bytes exist, so that other calls see them
		this.budget.give(this.share, reservation - size);
		SendBudget.learn(this.estimate, size);
		super.sendMessage(message);
		if (delegate().isReady()) {
			// drained below the transport's threshold: nothing of this call is waiting
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
		this.context.run(() -> serially(() -> {
			if (!this.ended && !this.expired && delegate().isReady() && this.listener != null) {
				this.listener.onReady();
			}
		}));
	}

	/** The call waited too long for budget: end it, and tell the service it was cancelled. */
	void waitExpired() {
		this.context.run(() -> serially(() -> {
			if (this.ended || this.expired) {
				return;
			}
			this.expired = true;
			delegate().close(Status.RESOURCE_EXHAUSTED.withDescription("waited longer than " + this.budget.maxWait()
					+ " for send buffer: " + this.budget.heldBytes() + " of " + this.budget.maxBytes()
					+ " bytes are queued for clients that read slowly (grpckit.server.outbound.buffer.*)"),
					new Metadata());
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
		this.budget.forget(this);
		releaseHeld();
		releaseReservation();
		this.budget.leave(this.share);
	}

	// Runs callbacks one at a time in arrival order, on whichever thread finds the queue idle.
	// A failure is rethrown after the queue is drained, to the thread that ran it: gRPC's
	// executor closes the call as it would without this queue.
	private void serially(Runnable callback) {
		this.callbacks.add(callback);
		if (this.pendingCallbacks.getAndIncrement() != 0) {
			return;
		}
		RuntimeException failure = null;
		do {
			Runnable next = this.callbacks.poll();
			try {
				next.run();
			}
			catch (RuntimeException ex) {
				if (failure == null) {
					failure = ex;
				}
			}
			finally {
				releaseReservation();
			}
		}
		while (this.pendingCallbacks.decrementAndGet() != 0);
		if (failure != null) {
			throw failure;
		}
	}

}
