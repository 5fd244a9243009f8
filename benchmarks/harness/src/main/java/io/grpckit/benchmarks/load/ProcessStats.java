package io.grpckit.benchmarks.load;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time and memory of a process, from {@code /proc} (Linux), and of this JVM.
 */
public final class ProcessStats {

	private static final long NANOS_PER_TICK = 1_000_000_000L / clockTicksPerSecond();

	private ProcessStats() {
	}

	/** User plus system CPU time of a process in nanoseconds (clock-tick resolution), -1 if unknown. */
	public static long cpuNanos(long pid) {
		if (pid <= 0) {
			return -1;
		}
		try {
			String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
			// the command name may hold spaces and parentheses: fields start after the last ')'
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			// fields[0] is field 3 (state); utime is field 14, stime field 15
			long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
			return ticks * NANOS_PER_TICK;
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
