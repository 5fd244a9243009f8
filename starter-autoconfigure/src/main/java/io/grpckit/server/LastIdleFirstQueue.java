package io.grpckit.server;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.AbstractQueue;
import java.util.Collection;
import java.util.Iterator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

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

	/** Threads waiting for a task, the most recent on top (a Treiber stack). */
	private final AtomicReference<@Nullable Waiter> idle = new AtomicReference<>();

	/** Threads waiting and neither woken nor given up yet. */
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
	 * Wakes the most recently idle thread for the task at the head of the line.
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
			if (Thread.interrupted()) {
				throw new InterruptedException();
			}
			Waiter waiter = new Waiter(Thread.currentThread());
			this.waiting.incrementAndGet();
			push(waiter);
			// a task offered before the push found no waiter to wake: look again
			task = poll();
			if (task != null) {
				withdraw(waiter);
				return passOn(task);
			}
			while (waiter.isWaiting()) {
				if (timed) {
					long left = deadline - System.nanoTime();
					if (left <= 0) {
						if (waiter.cancel()) {
							this.waiting.decrementAndGet();
							return null;
						}
						break;
					}
					LockSupport.parkNanos(this, left);
				}
				else {
					LockSupport.park(this);
				}
				if (Thread.interrupted()) {
					withdraw(waiter);
					throw new InterruptedException();
				}
			}
			// woken: a task was offered (another thread may have taken it first)
		}
	}

	/** Stops waiting; a wake-up that came meanwhile was for a task another thread may need. */
	private void withdraw(Waiter waiter) {
		if (waiter.cancel()) {
			this.waiting.decrementAndGet();
		}
		else if (mayWake()) {
			wakeOne();
		}
	}

	/** More tasks wait behind this one: wake the next thread, as a LinkedBlockingQueue does. */
	private Runnable passOn(Runnable task) {
		if (this.count.get() > 0 && mayWake()) {
			wakeOne();
		}
		return task;
	}

	private void push(Waiter waiter) {
		Waiter top;
		do {
			top = this.idle.get();
			waiter.next = top;
		}
		while (!this.idle.compareAndSet(top, waiter));
	}

	/** Wakes the most recently idle thread still waiting, if any. */
	private boolean wakeOne() {
		while (true) {
			Waiter top = this.idle.get();
			if (top == null) {
				return false;
			}
			if (this.idle.compareAndSet(top, top.next) && top.wake()) {
				this.waiting.decrementAndGet();
				return true;
			}
		}
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

	/** One parked thread: waiting until woken or cancelled by itself, whichever comes first. */
	private static final class Waiter {

		private static final int WAITING = 0;

		private static final int WOKEN = 1;

		private static final int CANCELLED = 2;

		private static final VarHandle STATE;

		static {
			try {
				STATE = MethodHandles.lookup().findVarHandle(Waiter.class, "state", int.class);
			}
			catch (ReflectiveOperationException ex) {
				throw new ExceptionInInitializerError(ex);
			}
		}

		private final Thread thread;

		private volatile int state = WAITING;

		@Nullable Waiter next;

		Waiter(Thread thread) {
			this.thread = thread;
		}

		boolean isWaiting() {
			return this.state == WAITING;
		}

		boolean wake() {
			if (STATE.compareAndSet(this, WAITING, WOKEN)) {
				LockSupport.unpark(this.thread);
				return true;
			}
			return false;
		}

		/** False when it was woken first: the wake-up then belongs to someone else. */
		boolean cancel() {
			return STATE.compareAndSet(this, WAITING, CANCELLED);
		}

	}

}
