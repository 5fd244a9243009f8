package io.grpckit.server;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.util.Assert;

/**
 * The threads that run service code when no other executor is configured: at most
 * {@code maxThreads}, made on demand and retired after {@code keepAlive} idle, with calls
 * beyond that waiting in line, as Tomcat does for Spring MVC.
 * <p>
 * grpc-java's own default is an unbounded cached pool. It survives blocking service code
 * too, but hands every task to a parked thread (or a new one), so on few cores most of a
 * small call's CPU goes to waking threads, and under overload the number of threads has no
 * limit. Here a busy thread takes the next task from the queue without parking, and the
 * maximum is a known number. Deliberately not a bean of type {@link Executor}: that would
 * make Spring Boot's application task executor back off.
 */
public final class GrpcServiceThreadPool implements DisposableBean {

	private final ThreadPoolExecutor executor;

	public GrpcServiceThreadPool(int maxThreads, Duration keepAlive) {
		Assert.isTrue(maxThreads > 0, () -> "maxThreads must be positive, was " + maxThreads);
		Assert.isTrue(keepAlive != null && keepAlive.toNanos() > 0,
				() -> "keepAlive must be positive, was " + keepAlive);
		CustomizableThreadFactory threads = new CustomizableThreadFactory("grpc-service-");
		// like grpc-java's default executor: the server's own await thread keeps the JVM up
		threads.setDaemon(true);
		// core == max with core threads timing out: grow to the maximum before queueing,
		// shrink when idle (a smaller core would queue while threads could still be added)
		this.executor = new ThreadPoolExecutor(maxThreads, maxThreads, keepAlive.toNanos(), TimeUnit.NANOSECONDS,
				new LinkedBlockingQueue<>(), threads);
		this.executor.allowCoreThreadTimeOut(true);
	}

	/** The executor to hand to {@code ServerBuilder.executor}. */
	public Executor executor() {
		return this.executor;
	}

	public int getMaxThreads() {
		return this.executor.getMaximumPoolSize();
	}

	/** Threads alive now, busy or idle. */
	public int getThreads() {
		return this.executor.getPoolSize();
	}

	/** Threads running service code now. */
	public int getActiveThreads() {
		return this.executor.getActiveCount();
	}

	/** Tasks waiting for a thread. */
	public int getQueuedTasks() {
		return this.executor.getQueue().size();
	}

	/**
	 * Stops taking tasks; tasks already running finish on their threads. Called after the
	 * servers stopped (lifecycle stop precedes bean destruction), so no call is cut short.
	 */
	@Override
	public void destroy() {
		this.executor.shutdown();
	}

}
