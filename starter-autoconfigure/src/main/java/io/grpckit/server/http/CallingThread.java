package io.grpckit.server.http;

import java.util.concurrent.Executor;

/**
 * Runs a unary HTTP call on the thread that waits for its answer. A servlet container's
 * request thread blocks until the call ends anyway; handing the call to the service
 * executor and the answer back costs two thread wake-ups per request and nothing else (see
 * docs/benchmarks.md#http). The web adapter marks the thread as one that may run the call
 * ({@link #allowing}); the call, when it is unary, marks it as running one
 * ({@link #running}); the bridge server's executor ({@link #executor}) runs what is handed
 * to it on a running thread at once, and hands everything else to the service executor.
 */
final class CallingThread {

	private static final ThreadLocal<State> state = new ThreadLocal<>();

	private enum State {

		ALLOWED, RUNNING

	}

	private CallingThread() {
	}

	/**
	 * Run {@code action} with this thread allowed to run unary calls it starts.
	 */
	static void allowing(Runnable action) {
		State previous = state.get();
		if (previous != null) {
			action.run();
			return;
		}
		state.set(State.ALLOWED);
		try {
			action.run();
		}
		finally {
			state.remove();
		}
	}

	/**
	 * Run {@code start} (a call's start, message and half-close), on this thread's
	 * service side too when the thread allows it.
	 */
	static void running(Runnable start) {
		State previous = state.get();
		if (previous != State.ALLOWED) {
			start.run();
			return;
		}
		state.set(State.RUNNING);
		try {
			start.run();
		}
		finally {
			state.set(previous);
		}
	}

	/**
	 * Return an executor that runs tasks at once on a thread running a call, and on
	 * {@code service} otherwise.
	 */
	static Executor executor(Executor service) {
		return (task) -> {
			if (state.get() == State.RUNNING) {
				task.run();
			}
			else {
				service.execute(task);
			}
		};
	}

}
