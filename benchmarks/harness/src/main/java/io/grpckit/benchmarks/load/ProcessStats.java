package io.grpckit.benchmarks.load;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time and memory of a process, from {@code /proc} (Linux), and of this JVM.
 */
public final class ProcessStats {

	private static final long NANOS_PER_TICK = 1_000_000_000L / clockTicksPerSecond();

	private ProcessStats() {
	}

	/** User plus system CPU time of a process in nanoseconds (clock-tick resolution), -1 if unknown. */
	public static long cpuNanos(long pid) {
		long[] ticks = cpuTicks(pid);
		return (ticks != null) ? (ticks[0] + ticks[1]) * NANOS_PER_TICK : -1;
	}

	/** System (kernel) CPU time of a process in nanoseconds (clock-tick resolution), -1 if unknown. */
	public static long systemCpuNanos(long pid) {
		long[] ticks = cpuTicks(pid);
		return (ticks != null) ? ticks[1] * NANOS_PER_TICK : -1;
	}

	// null if unknown
	private static long[] cpuTicks(long pid) {
		if (pid <= 0) {
			return null;
		}
		try {
			String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
			// the command name may hold spaces and parentheses: fields start after the last ')'
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			// fields[0] is field 3 (state); utime is field 14, stime field 15
			return new long[] { Long.parseLong(fields[11]), Long.parseLong(fields[12]) };
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
	}

	/** Live threads of a process ({@code Threads} of its status), -1 if unknown. */
	public static long threads(long pid) {
		try {
			for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
				if (line.startsWith("Threads:")) {
					return Long.parseLong(line.substring(8).trim());
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// unknown
		}
		return -1;
	}

	/**
	 * Context switches (voluntary and not) of a process's live threads, -1 if unknown; threads
	 * that ended take theirs with them.
	 */
	public static long contextSwitches(long pid) {
		if (pid <= 0) {
			return -1;
		}
		long sum = 0;
		try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
			for (Path task : (Iterable<Path>) tasks::iterator) {
				try {
					for (String line : Files.readAllLines(task.resolve("status"))) {
						if (line.startsWith("voluntary_ctxt_switches:") || line.startsWith("nonvoluntary_ctxt_switches:")) {
							sum += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
						}
					}
				}
				catch (IOException ex) {
					// the thread ended meanwhile
				}
			}
			return sum;
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

	/** CPU time of this JVM in nanoseconds. */
	public static long ownCpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
	}

	/** Resident set size in KiB ({@code VmRSS}), -1 if unknown. */
	public static long rssKib(long pid) {
		return statusKib(pid, "VmRSS:");
	}

	/** Peak resident set size in KiB ({@code VmHWM}), -1 if unknown. */
	public static long peakRssKib(long pid) {
		return statusKib(pid, "VmHWM:");
	}

	private static long statusKib(long pid, String field) {
		try {
			for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
				if (line.startsWith(field)) {
					return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// process gone or not Linux
		}
		return -1;
	}

	private static long clockTicksPerSecond() {
		try {
			Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
			String out = new String(getconf.getInputStream().readAllBytes()).trim();
			if (getconf.waitFor() == 0) {
				return Long.parseLong(out);
			}
		}
		catch (IOException | RuntimeException ex) {
			// fall through to the usual value
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return 100;
	}

}
