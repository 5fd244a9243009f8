package io.grpckit.benchmarks.load;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * One measurement window: counts, client and server CPU between {@link #open()} and
 * {@link #close()}.
 */
final class Window {

	private final long serverPid;

	private final LongAdder counter;

	private long count0;

	private long nanos0;

	private long clientCpu0;

	private long serverCpu0;

	long count;

	double seconds;

	long clientCpu;

	long serverCpu = -1;

	Window(long serverPid, LongAdder counter) {
		this.serverPid = serverPid;
		this.counter = counter;
	}

	void open() {
		this.serverCpu0 = ProcessStats.cpuNanos(this.serverPid);
		this.clientCpu0 = ProcessStats.ownCpuNanos();
		this.count0 = this.counter.sum();
		this.nanos0 = System.nanoTime();
	}

	void close() {
		long nanos = System.nanoTime();
		this.count = this.counter.sum() - this.count0;
		this.clientCpu = ProcessStats.ownCpuNanos() - this.clientCpu0;
		long serverCpu1 = ProcessStats.cpuNanos(this.serverPid);
		this.serverCpu = (this.serverCpu0 >= 0 && serverCpu1 >= 0) ? serverCpu1 - this.serverCpu0 : -1;
		this.seconds = (nanos - this.nanos0) / 1e9;
	}

	double rate() {
		return this.count / this.seconds;
	}

	double clientCpuMicrosPer() {
		return (this.count > 0) ? this.clientCpu / 1e3 / this.count : -1;
	}

	double serverCpuMicrosPer() {
		return (this.count > 0 && this.serverCpu >= 0) ? this.serverCpu / 1e3 / this.count : -1;
	}

	static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

}
