package io.grpckit.server.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.convert.DurationUnit;

/**
 * Which executor runs service code, {@code grpckit.server.executor.*}.
 */
public class ServerExecutorProperties {

	/**
	 * Name of an Executor bean that runs service code instead of grpckit's thread pool.
	 */
	private @Nullable String beanName;

	/**
	 * Whether to run service code on virtual threads, one per task, instead of grpckit's
	 * thread pool. Needs Java 21 or later.
	 */
	private boolean virtualThreads;

	/**
	 * Most threads of grpckit's thread pool, which runs service code when neither bean-name
	 * nor virtual-threads is set. One thread per core is kept; more are made for work that
	 * waits (see grow-after); tasks beyond this many threads wait in line.
	 */
	private int maxThreads = 200;

	/**
	 * How long an idle thread of grpckit's thread pool lives.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration keepAlive = Duration.ofSeconds(60);

	/**
	 * How long a task may wait before grpckit's thread pool finds it another thread (an idle
	 * one or a new one): with CPU to spare, the running threads are blocked (JDBC, a blocking
	 * stub, a lock) and any task that waited this long gets one; with every core busy, only
	 * tasks behind a thread held by one task at least as long. 0 starts a thread as soon as
	 * every thread is busy.
	 */
	@DurationUnit(ChronoUnit.MILLIS)
	private Duration growAfter = Duration.ofMillis(20);

	private final NonBlocking nonBlocking = new NonBlocking();

	public @Nullable String getBeanName() {
		return this.beanName;
	}

	public void setBeanName(@Nullable String beanName) {
		this.beanName = beanName;
	}

	public boolean isVirtualThreads() {
		return this.virtualThreads;
	}

	public void setVirtualThreads(boolean virtualThreads) {
		this.virtualThreads = virtualThreads;
	}

	public int getMaxThreads() {
		return this.maxThreads;
	}

	public void setMaxThreads(int maxThreads) {
		this.maxThreads = maxThreads;
	}

	public Duration getGrowAfter() {
		return this.growAfter;
	}

	public void setGrowAfter(Duration growAfter) {
		this.growAfter = growAfter;
	}

	public NonBlocking getNonBlocking() {
		return this.nonBlocking;
	}

	public Duration getKeepAlive() {
		return this.keepAlive;
	}

	public void setKeepAlive(Duration keepAlive) {
		this.keepAlive = keepAlive;
	}

	/**
	 * Services and methods marked {@code @NonBlocking}, which the network server runs on its
	 * transport threads.
	 */
	public static class NonBlocking {

		/**
		 * Whether methods marked @NonBlocking run on the network server's transport threads.
		 * false runs every call on the service executor.
		 */
		private boolean enabled = true;

		/**
		 * How long one callback of a @NonBlocking method may hold a transport thread before a
		 * warning names the method (from its second slow callback on, then at most one per
		 * method every 10 seconds).
		 */
		@DurationUnit(ChronoUnit.MILLIS)
		private Duration warnAfter = Duration.ofMillis(50);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getWarnAfter() {
			return this.warnAfter;
		}

		public void setWarnAfter(Duration warnAfter) {
			this.warnAfter = warnAfter;
		}

	}

}
