package io.grpckit.server.internal;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.management.HotSpotDiagnosticMXBean;
import org.jspecify.annotations.Nullable;

/**
 * The bytes a server may hold queued for clients that read slower than it sends, shared by
 * all streaming calls and capped per connection. A call whose messages wait in the
 * transport holds their size until the transport drains below its ready threshold; while
 * the budget (or its connection's share) is spent, other calls are told they are not
 * ready, so code that sends from an on-ready handler stops reading and building messages
 * instead of allocating. Calls get {@code onReady} again as the budget frees; a call that
 * waits longer than {@code maxWait} ends with {@code RESOURCE_EXHAUSTED}.
 * <p>
 * The per-connection share is what keeps a server usable under a slow-reader attack: a
 * client that stops reading on a few connections spends their shares, not the budget of
 * the clients on other connections.
 */
public final class SendBudget implements AutoCloseable {

	private final long maxBytes;

	private final long maxBytesPerConnection;

	private final Duration maxWait;

	private final AtomicLong held = new AtomicLong();

	private final AtomicLong expired = new AtomicLong();

	private final Map<Object, ConnectionShare> connections = new ConcurrentHashMap<>();

	private final Set<BudgetedCall<?, ?>> waiting = ConcurrentHashMap.newKeySet();

	private final Map<String, AtomicLong> estimates = new ConcurrentHashMap<>();

	private final ScheduledExecutorService timer;

	private final Executor executor;

	private volatile @Nullable ScheduledFuture<?> sweep;

	/**
	 * Create a budget.
	 * @param maxBytes bytes all calls together may hold
	 * @param maxBytesPerConnection bytes the calls of one connection may hold
	 * @param maxWait how long a call may wait for budget
	 * @param executor where calls are told they are ready again (the server's executor)
	 */
	public SendBudget(long maxBytes, long maxBytesPerConnection, Duration maxWait, Executor executor) {
		if (maxBytes < 1 || maxBytesPerConnection < 1) {
			throw new IllegalArgumentException("budget must be positive: " + maxBytes + ", " + maxBytesPerConnection);
		}
		this.maxBytes = maxBytes;
		this.maxBytesPerConnection = Math.min(maxBytes, maxBytesPerConnection);
		this.maxWait = maxWait;
		this.executor = executor;
		this.timer = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "grpckit-send-budget");
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * Return the default budget: a quarter of the smaller of the heap and the direct
	 * memory limit, where the transport's buffers live.
	 * @return the default in bytes
	 */
	public static long defaultMaxBytes() {
		long heap = Runtime.getRuntime().maxMemory();
		long direct = heap;
		try {
			HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
			long configured = Long.parseLong(hotSpot.getVMOption("MaxDirectMemorySize").getValue());
			if (configured > 0) {
				direct = configured;
			}
		}
		catch (RuntimeException ex) {
			// not HotSpot: the JDK's default direct limit is the heap limit
		}
		return Math.max(1, Math.min(heap, direct) / 4);
	}

	/**
	 * Return the bytes held now.
	 * @return the bytes queued for slow readers
	 */
	public long heldBytes() {
		return this.held.get();
	}

	/**
	 * Return the calls ended because they waited too long for budget.
	 * @return the expired calls
	 */
	public long expiredCalls() {
		return this.expired.get();
	}

	/**
	 * Return the calls waiting for budget now.
	 * @return the waiting calls
	 */
	public int waitingCalls() {
		return this.waiting.size();
	}

	long maxBytes() {
		return this.maxBytes;
	}

	Duration maxWait() {
		return this.maxWait;
	}

	ConnectionShare join(@Nullable Object connection) {
		Object key = (connection != null) ? connection : "unknown";
		return this.connections.compute(key, (k, share) -> {
			ConnectionShare joined = (share != null) ? share : new ConnectionShare(k);
			joined.calls++;
			return joined;
		});
	}

	void leave(ConnectionShare share) {
		this.connections.computeIfPresent(share.key, (k, current) -> (--current.calls == 0) ? null : current);
	}

	boolean hasRoom(ConnectionShare share) {
		return this.held.get() < this.maxBytes && share.held.get() < this.maxBytesPerConnection;
	}

	/**
	 * Take {@code bytes} for a message about to be built, if the budget and the connection's
	 * share have room; a share with any room admits one message, however large.
	 */
	boolean tryReserve(ConnectionShare share, long bytes) {
		while (true) {
			long current = share.held.get();
			if (current >= this.maxBytesPerConnection || this.held.get() >= this.maxBytes) {
				return false;
			}
			if (share.held.compareAndSet(current, current + bytes)) {
				this.held.addAndGet(bytes);
				return true;
			}
		}
	}

	/**
	 * Return what a message of the method is expected to need: the largest it sent lately
	 * (decaying as calls end), or, until its first message, a quarter of a connection's
	 * share, so that a burst of new calls cannot all pass before a message's size is known.
	 * A negative value is that default, not yet learned.
	 */
	AtomicLong estimate(String method) {
		return this.estimates.computeIfAbsent(method,
				(name) -> new AtomicLong(-Math.max(1, this.maxBytesPerConnection / 4)));
	}

	static long expected(AtomicLong estimate) {
		return Math.max(1, Math.abs(estimate.get()));
	}

	/** A call sent a message larger than any before it. */
	static void learn(AtomicLong estimate, long size) {
		estimate.accumulateAndGet(size, (old, sent) -> (old < 0) ? sent : Math.max(old, sent));
	}

	/** A call ended having sent at most {@code largest}: the estimate decays towards it. */
	static void settle(AtomicLong estimate, long largest) {
		if (largest > 0) {
			estimate.accumulateAndGet(largest, (old, sent) -> (old < 0) ? sent : Math.max(sent, old - old / 8));
		}
	}

	void take(ConnectionShare share, long bytes) {
		this.held.addAndGet(bytes);
		share.held.addAndGet(bytes);
	}

	void give(ConnectionShare share, long bytes) {
		if (bytes <= 0) {
			take(share, -bytes);
			return;
		}
		this.held.addAndGet(-bytes);
		share.held.addAndGet(-bytes);
		if (this.waiting.isEmpty()) {
			return;
		}
		for (BudgetedCall<?, ?> call : this.waiting) {
			if (!hasRoom(call.share())) {
				continue;
			}
			if (this.waiting.remove(call)) {
				this.executor.execute(call::budgetAvailable);
			}
		}
	}

	void await(BudgetedCall<?, ?> call) {
		this.waiting.add(call);
		if (this.sweep == null) {
			startSweep();
		}
	}

	void forget(BudgetedCall<?, ?> call) {
		this.waiting.remove(call);
	}

	private synchronized void startSweep() {
		if (this.sweep == null) {
			long period = Math.max(10, Math.min(1000, this.maxWait.toMillis() / 4));
			this.sweep = this.timer.scheduleWithFixedDelay(this::expireLongWaits, period, period, TimeUnit.MILLISECONDS);
		}
	}

	private void expireLongWaits() {
		long now = System.nanoTime();
		for (BudgetedCall<?, ?> call : this.waiting) {
			if (now - call.waitingSince() > this.maxWait.toNanos() && this.waiting.remove(call)) {
				this.expired.incrementAndGet();
				this.executor.execute(call::waitExpired);
			}
		}
	}

	@Override
	public void close() {
		this.timer.shutdownNow();
	}

	/** The bytes one connection's calls hold, and how many calls it has. */
	static final class ConnectionShare {

		private final Object key;

		private final AtomicLong held = new AtomicLong();

		private int calls;

		ConnectionShare(Object key) {
			this.key = key;
		}

	}

}
