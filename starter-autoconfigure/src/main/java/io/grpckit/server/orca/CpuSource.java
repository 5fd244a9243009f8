package io.grpckit.server.orca;

/**
 * Which CPU utilization the server reports, both read from the JVM's
 * {@code com.sun.management.OperatingSystemMXBean}, in [0, 1] of the CPUs available to it
 * (a container's limit where the JVM detects one).
 */
public enum CpuSource {

	/** The CPU this JVM uses: right when the instance has its machine or container alone. */
	PROCESS,

	/** The CPU the whole machine (or container) uses, other processes included. */
	SYSTEM

}
