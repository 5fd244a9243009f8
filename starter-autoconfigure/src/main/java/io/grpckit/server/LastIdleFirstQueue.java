package io.grpckit.server;

import java.util.AbstractQueue;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Iterator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

/**
 * An unbounded FIFO line of tasks whose idle threads are woken last idle, first woken.
 * <p>
 * A {@link java.util.concurrent.LinkedBlockingQueue} wakes the thread that has waited
 * longest, so a pool that once grew keeps every thread warm by turns: under a steady load
 * each task goes to a different parked thread, and no thread is ever idle long enough to
 * retire. Here the thread that went idle most recently gets the next task: the few threads
 * the load needs stay hot, the rest stay parked and retire after the pool's keep-alive.
 * Tasks themselves are still served first in, first out.
 */
class LastIdleFirstQueue extends AbstractQueue<Runnable> implements BlockingQueue<Runnable> {

	private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();

	private final AtomicInteger count = new AtomicInteger();

	/**
	 * Guards the idle threads. Threads wait on a lock's conditions, as in the JDK's blocking
	 * queues, rather than parking on their own: measured under load on two cores, the
	 * lock-free version parked and woke a thread for nearly every task where a
	 * {@link java.util.concurrent.LinkedBlockingQueue} did so for about a third (see
	 * docs/benchmarks.md, "The line's wake-ups").
	 */
	private final ReentrantLock lock = new ReentrantLock();

	/** Threads waiting for a task, the most recently idle first; guarded by the lock. */
	private final ArrayDeque<Waiter> idle = new ArrayDeque<>();

	/** Threads waiting or about to, readable without the lock. */
	private final AtomicInteger waiting = new AtomicInteger();

	/**
	 * Queues the task and, as a LinkedBlockingQueue does, wakes a thread only when the line
	 * was empty: a non-empty line has a thread on its way to it already (woken for the task
	 * before, or busy and about to take the next), and waking idle threads for a line that
	 * busy threads drain is what makes an oversized pool slow.
	 */
	@Override
	public boolean offer(Runnable task) {
		this.tasks.offer(task);
		if (this.count.getAndIncrement() <= 0 && mayWake()) {
			wakeOne();
		}
		return true;
	}

	/**
	 * Whether a task in line may wake an idle thread; false leaves it to the threads already
	 * running, which take it before they park. Always true here.
	 */
	protected boolean mayWake() {
		return true;
	}

	/**
	 * Wakes an idle thread for the task at the head of the line.
	 * @return whether a thread was waiting
	 */
	boolean wakeIdle() {
		return wakeOne();
	}

	/** Threads parked here (or about to park) for a task now. */
	int waitingThreads() {
		return this.waiting.get();
	}

	@Override
	public @Nullable Runnable poll() {
		Runnable task = this.tasks.poll();
		if (task != null) {
			this.count.decrementAndGet();
		}
		return task;
	}

	@Override
	public @Nullable Runnable peek() {
		return this.tasks.peek();
	}

	@Override
	public Runnable take() throws InterruptedException {
		Runnable task = await(0, false);
		if (task == null) {
			throw new IllegalStateException("take ended without a task");
		}
		return task;
	}

	/**
	 * A thread that may time out (a ThreadPoolExecutor asks with a timeout only those) finds
	 * no task when {@link #shouldLeave()}, and so retires.
	 */
	@Override
	public @Nullable Runnable poll(long timeout, TimeUnit unit) throws InterruptedException {
		if (shouldLeave()) {
			return null;
		}
		return await(unit.toNanos(timeout), true);
	}

	/** Whether a thread that may time out should stop taking tasks now. Never here. */
	protected boolean shouldLeave() {
		return false;
	}

	private @Nullable Runnable await(long nanos, boolean timed) throws InterruptedException {
		long deadline = timed ? System.nanoTime() + nanos : 0;
		while (true) {
			Runnable task = poll();
			if (task != null) {
				return passOn(task);
			}
			if (!waitForTask(timed, deadline)) {
				return null;
			}
			// woken, or a task came: another thread may take it first
		}
	}

	/**
	 * Waits until woken for a task, or returns at once when one came since the last look.
	 * @return false when the deadline passed first
	 */
	private boolean waitForTask(boolean timed, long deadline) throws InterruptedException {
		this.lock.lockInterruptibly();
		try {
			// counted before the look, so an offer after the look sees a waiter and takes the lock
			this.waiting.incrementAndGet();
			if (this.count.get() > 0) {
				this.waiting.decrementAndGet();
				return true;
			}
			Waiter waiter = new Waiter(this.lock.newCondition());
			this.idle.addFirst(waiter);
			try {
				while (!waiter.woken) {
					if (!timed) {
						waiter.condition.await();
						continue;
					}
					long left = deadline - System.nanoTime();
					if (left <= 0) {
						this.idle.remove(waiter);
						this.waiting.decrementAndGet();
						return false;
					}
					waiter.condition.awaitNanos(left);
				}
				return true;
			}
			catch (InterruptedException ex) {
				if (!waiter.woken) {
					this.idle.remove(waiter);
					this.waiting.decrementAndGet();
				}
				else if (mayWake()) {
					// the wake-up was for a task another thread may need
					wakeOneLocked();
				}
				throw ex;
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/** More tasks wait behind this one: wake the next thread, as a LinkedBlockingQueue does. */
	private Runnable passOn(Runnable task) {
		if (this.count.get() > 0 && mayWake()) {
			wakeOne();
		}
		return task;
	}

	/** Wakes the most recently idle thread, if any. */
	private boolean wakeOne() {
		if (this.waiting.get() == 0) {
			return false;
		}
		this.lock.lock();
		try {
			return wakeOneLocked();
		}
		finally {
			this.lock.unlock();
		}
	}

	private boolean wakeOneLocked() {
		Waiter waiter = this.idle.pollFirst();
		if (waiter == null) {
			return false;
		}
		waiter.woken = true;
		this.waiting.decrementAndGet();
		waiter.condition.signal();
		return true;
	}

	@Override
	public void put(Runnable task) {
		offer(task);
	}

	@Override
	public boolean offer(Runnable task, long timeout, TimeUnit unit) {
		return offer(task);
	}

	@Override
	public int remainingCapacity() {
		return Integer.MAX_VALUE;
	}

	@Override
	public boolean remove(Object task) {
		boolean removed = this.tasks.remove(task);
		if (removed) {
			this.count.decrementAndGet();
		}
		return removed;
	}

	@Override
	public int drainTo(Collection<? super Runnable> sink) {
		return drainTo(sink, Integer.MAX_VALUE);
	}

	@Override
	public int drainTo(Collection<? super Runnable> sink, int max) {
		int drained = 0;
		Runnable task;
		while (drained < max && (task = poll()) != null) {
			sink.add(task);
			drained++;
		}
		return drained;
	}

	@Override
	public int size() {
		return Math.max(this.count.get(), 0);
	}

	@Override
	public boolean isEmpty() {
		return this.tasks.isEmpty();
	}

	/** A snapshot view; removing through it is not supported. */
	@Override
	public Iterator<Runnable> iterator() {
		Iterator<Runnable> tasks = this.tasks.iterator();
		return new Iterator<>() {

			@Override
			public boolean hasNext() {
				return tasks.hasNext();
			}

			@Override
			public Runnable next() {
				return tasks.next();
			}

		};
	}

	/** One waiting thread; guarded by the queue's lock. */
	private static final class Waiter {

		final Condition condition;

		boolean woken;

		Waiter(Condition condition) {
			this.condition = condition;
		}

	}

}
