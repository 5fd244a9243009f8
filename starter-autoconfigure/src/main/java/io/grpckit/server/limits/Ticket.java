package io.grpckit.server.limits;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

import io.grpc.Metadata;
import io.grpc.Status;
import org.jspecify.annotations.Nullable;

/**
 * What admission decided for one call, handed from the thread that admits calls to the
 * interceptor that acts on it. It is the executor gRPC runs the call on: an admitted call's
 * first task runs on the service executor with the ticket current, a refused call's tasks
 * run at once on the admitting thread, so a refusal never waits for a service thread.
 * The interceptor finds the ticket through a thread local, and trusts it only for the very
 * request headers it was made for.
 */
final class Ticket implements Executor {

	private static final ThreadLocal<Ticket> CURRENT = new ThreadLocal<>();

	private final Metadata headers;

	final Governance governance;

	final long admittedNanos;

	private final @Nullable Executor service;

	// refusals only
	final LimitsObserver.@Nullable Refusal refusal;

	final @Nullable Status status;

	final long pushbackMillis;

	private volatile boolean started;

	private final AtomicBoolean released = new AtomicBoolean();

	private Ticket(Metadata headers, Governance governance, long admittedNanos, @Nullable Executor service,
			LimitsObserver.@Nullable Refusal refusal, @Nullable Status status, long pushbackMillis) {
		this.headers = headers;
		this.governance = governance;
		this.admittedNanos = admittedNanos;
		this.service = service;
		this.refusal = refusal;
		this.status = status;
		this.pushbackMillis = pushbackMillis;
	}

	static Ticket admitted(Metadata headers, Governance governance, long admittedNanos, Executor service) {
		return new Ticket(headers, governance, admittedNanos, service, null, null, 0);
	}

	static Ticket refused(Metadata headers, Governance governance, LimitsObserver.Refusal refusal, Status status,
			long pushbackMillis) {
		return new Ticket(headers, governance, 0, null, refusal, status, pushbackMillis);
	}

	/** The ticket of the call whose interceptors run on this thread now, if any. */
	static @Nullable Ticket current(Metadata headers) {
		Ticket ticket = CURRENT.get();
		return (ticket != null && ticket.headers == headers) ? ticket : null;
	}

	@Override
	public void execute(Runnable task) {
		if (this.service == null) {
			runCurrent(task);
		}
		else if (!this.started) {
			// gRPC serializes the call's tasks: this runs once, with the interceptors' startCall
			this.started = true;
			this.service.execute(() -> runCurrent(task));
		}
		else {
			this.service.execute(task);
		}
	}

	private void runCurrent(Runnable task) {
		Ticket previous = CURRENT.get();
		CURRENT.set(this);
		try {
			task.run();
		}
		finally {
			if (previous != null) {
				CURRENT.set(previous);
			}
			else {
				CURRENT.remove();
			}
		}
	}

	/**
	 * Give back the permits an admitted call holds, once.
	 * @param sample whether the call's duration is a latency sample
	 */
	void release(boolean sample) {
		if (this.refusal != null || !this.released.compareAndSet(false, true)) {
			return;
		}
		ConcurrencyLimit concurrency = this.governance.concurrency();
		if (concurrency != null) {
			concurrency.release(this.admittedNanos, false);
		}
		ConcurrencyLimit server = this.governance.server();
		if (server != null) {
			server.release(this.admittedNanos, sample);
		}
	}

}
