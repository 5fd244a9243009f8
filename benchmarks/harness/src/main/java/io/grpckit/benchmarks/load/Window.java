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

	private long serverSystemCpu0;

	private long serverSwitches0;

	long count;

	double seconds;

	long clientCpu;

	long serverCpu = -1;

	long serverSystemCpu = -1;

	long serverSwitches = -1;

	Window(long serverPid, LongAdder counter) {
		this.serverPid = serverPid;
		this.counter = counter;
	}

	void open() {
		this.serverSwitches0 = ProcessStats.contextSwitches(this.serverPid);
		this.serverSystemCpu0 = ProcessStats.systemCpuNanos(this.serverPid);
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
		long serverSystemCpu1 = ProcessStats.systemCpuNanos(this.serverPid);
		this.serverSystemCpu = (this.serverSystemCpu0 >= 0 && serverSystemCpu1 >= 0)
				? serverSystemCpu1 - this.serverSystemCpu0 : -1;
		long serverSwitches1 = ProcessStats.contextSwitches(this.serverPid);
		this.serverSwitches = (this.serverSwitches0 >= 0 && serverSwitches1 >= 0)
				? serverSwitches1 - this.serverSwitches0 : -1;
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

	/** The kernel's share of the server's CPU in the window, -1 if unknown. */
	double serverSystemShare() {
		return (this.serverCpu > 0 && this.serverSystemCpu >= 0) ? (double) this.serverSystemCpu / this.serverCpu : -1;
	}

	/** The server's context switches per counted event, -1 if unknown. */
	double serverSwitchesPer() {
		return (this.count > 0 && this.serverSwitches >= 0) ? (double) this.serverSwitches / this.count : -1;
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
