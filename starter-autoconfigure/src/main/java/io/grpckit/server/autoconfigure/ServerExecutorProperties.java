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
	 * How long a task may wait behind a thread held by one task at least as long (blocked
	 * service code: JDBC, a blocking stub, a lock) before grpckit's thread pool starts a
	 * thread for it. A line behind threads busy with short tasks does not grow the pool. 0
	 * starts a thread as soon as every thread is busy.
	 */
	@DurationUnit(ChronoUnit.MILLIS)
	private Duration growAfter = Duration.ofMillis(20);

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

	public Duration getKeepAlive() {
		return this.keepAlive;
	}

	public void setKeepAlive(Duration keepAlive) {
		this.keepAlive = keepAlive;
	}

}
