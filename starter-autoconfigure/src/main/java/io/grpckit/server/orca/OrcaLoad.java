package io.grpckit.server.orca;

/**
 * The load one ORCA report carries: what the server measured, as passed to each
 * {@link OrcaLoadCustomizer}, or what a customizer returns instead. Utilizations are
 * fractions (1.0 is fully used; CPU and application utilization may exceed 1), rates are
 * per second; {@code 0} means "not reported". The weighted_round_robin policy weighs a
 * backend by {@code qps / (utilization + eps / qps * errorUtilizationPenalty)}, where
 * utilization is the application utilization when it is above 0, else the CPU
 * utilization.
 *
 * @param cpuUtilization CPU utilization, from the JVM unless customized
 * @param applicationUtilization application-defined utilization, preferred to CPU by the
 * weighted_round_robin policy when above 0; the kit measures none
 * @param memoryUtilization memory utilization in [0, 1]; the kit measures none
 * @param qps calls finished per second over the last sample interval
 * @param eps of those, calls per second that failed on the server's side
 */
public record OrcaLoad(double cpuUtilization, double applicationUtilization, double memoryUtilization, double qps,
		double eps) {

	/**
	 * Return this load with another CPU utilization.
	 * @param cpuUtilization the CPU utilization, at least 0
	 * @return the changed load
	 */
	public OrcaLoad withCpuUtilization(double cpuUtilization) {
		return new OrcaLoad(cpuUtilization, this.applicationUtilization, this.memoryUtilization, this.qps, this.eps);
	}

	/**
	 * Return this load with an application utilization, which the weighted_round_robin
	 * policy uses instead of the CPU utilization when it is above 0.
	 * @param applicationUtilization the application utilization, at least 0
	 * @return the changed load
	 */
	public OrcaLoad withApplicationUtilization(double applicationUtilization) {
		return new OrcaLoad(this.cpuUtilization, applicationUtilization, this.memoryUtilization, this.qps, this.eps);
	}

	/**
	 * Return this load with a memory utilization.
	 * @param memoryUtilization the memory utilization, in [0, 1]
	 * @return the changed load
	 */
	public OrcaLoad withMemoryUtilization(double memoryUtilization) {
		return new OrcaLoad(this.cpuUtilization, this.applicationUtilization, memoryUtilization, this.qps, this.eps);
	}

}
