package io.grpckit.server.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerBuilder;
import io.grpc.ServerCall;
import io.grpc.ServerCallExecutorSupplier;
import io.grpc.internal.SerializingExecutor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Picks each call's executor: the transport thread that delivers its events for the
 * methods marked {@link io.grpckit.server.NonBlocking @NonBlocking}, the service executor
 * for the rest. gRPC asks right after it looks the method up, which
 * {@link #applyTo(ServerBuilder, ServerCallExecutorSupplier)} runs on the transport thread,
 * so a non-blocking call never leaves it and a blocking one is handed over once, as
 * without this.
 */
public final class EventLoopCalls implements ServerCallExecutorSupplier {

	private static final Log logger = LogFactory.getLog(EventLoopCalls.class);

	private final Map<String, Executor> eventLoop;

	private final Executor service;

	/**
	 * @param methods full names of the methods that run on the transport threads
	 * @param service the executor of every other method
	 * @param warnAfter how long one callback may hold a transport thread before a warning
	 */
	public EventLoopCalls(Set<String> methods, Executor service, Duration warnAfter) {
		Map<String, Executor> eventLoop = new HashMap<>();
		for (String method : methods) {
			eventLoop.put(method, new TimedDirectExecutor(method, warnAfter.toNanos()));
		}
		this.eventLoop = Map.copyOf(eventLoop);
		this.service = service;
	}

	/** Whether no method runs on the transport threads. */
	public boolean isEmpty() {
		return this.eventLoop.isEmpty();
	}

	/** The executor of a method's calls. */
	public Executor executorFor(MethodDescriptor<?, ?> method) {
		Executor executor = this.eventLoop.get(method.getFullMethodName());
		return (executor != null) ? executor : this.service;
	}

	@Override
	public <ReqT, RespT> Executor getExecutor(ServerCall<ReqT, RespT> call, Metadata metadata) {
		return executorFor(call.getMethodDescriptor());
	}

	/**
	 * Make a server builder run calls where this says: the method lookup on the transport
	 * thread, then each call on its executor.
	 * @param builder the server builder
	 */
	public void applyTo(ServerBuilder<?> builder) {
		if (isEmpty()) {
			builder.executor(this.service);
			return;
		}
		applyTo(builder, this);
	}

	/**
	 * Make a server builder look each call's method up on the transport thread and then
	 * ask {@code supplier} for the call's executor (server limits' admission, which asks
	 * this in turn). The server's default executor then runs the method lookup (gRPC hands
	 * it over wrapped in its serializing executor) on the calling transport thread, and
	 * everything else gRPC gives it (cancelling a call's context) on the service executor.
	 * Should gRPC ever wrap the lookup differently, the lookup runs on the service
	 * executor: slower, still correct.
	 * @param builder the server builder
	 * @param supplier picks each call's executor
	 */
	public void applyTo(ServerBuilder<?> builder, ServerCallExecutorSupplier supplier) {
		Executor service = this.service;
		builder.executor((task) -> {
			if (task instanceof SerializingExecutor) {
				task.run();
			}
			else {
				service.execute(task);
			}
		});
		builder.callExecutor(supplier);
	}

	/**
	 * Runs a non-blocking method's callbacks on the calling thread and says so when one
	 * held it too long (from the method's second such callback on): a blocked event loop
	 * stalls every connection it serves, and without this nothing would name the method
	 * that did it.
	 */
	static final class TimedDirectExecutor implements Executor {

		private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

		private final String method;

		private final long warnAfterNanos;

		private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

		private final AtomicBoolean seenSlow = new AtomicBoolean();

		TimedDirectExecutor(String method, long warnAfterNanos) {
			this.method = method;
			this.warnAfterNanos = warnAfterNanos;
		}

		@Override
		public void execute(Runnable task) {
			long start = System.nanoTime();
			try {
				task.run();
			}
			finally {
				long took = System.nanoTime() - start;
				if (took > this.warnAfterNanos) {
					warn(took);
				}
			}
		}

		private void warn(long tookNanos) {
			if (this.seenSlow.compareAndSet(false, true)) {
				// a method's first slow callback is usually its first call loading classes and
				// running cold code; code that blocks does so again
				return;
			}
			long last = this.lastWarning.get();
			long now = System.nanoTime();
			// at most one warning per method every 10 s: a method that always blocks would
			// otherwise log on every call
			if (now - last < WARN_EVERY_NANOS || !this.lastWarning.compareAndSet(last, now)) {
				return;
			}
			logger.warn(this.method + " is @NonBlocking, but one of its callbacks held transport thread '"
					+ Thread.currentThread().getName() + "' for " + TimeUnit.NANOSECONDS.toMillis(tookNanos)
					+ " ms, and every call on that thread's connections waited: move the blocking work off "
					+ "the event loop, or remove @NonBlocking (grpckit.server.executor.non-blocking.enabled=false "
					+ "runs every call on the service executor)");
		}

	}

}
