package io.grpckit.server.orca;

/**
 * Changes the load the server reports, after every measurement and before the values reach
 * the ORCA reports: set an application utilization (a queue length, connections in a pool),
 * smooth or cap the CPU utilization. Beans of this type are applied in their
 * {@link org.springframework.core.Ordered order}, each getting the previous one's result.
 * Runs on the kit's sampling thread once per {@code grpckit.server.orca.sample-interval}:
 * keep it short and never block.
 */
@FunctionalInterface
public interface OrcaLoadCustomizer {

	/**
	 * Return the load to report.
	 * @param load what was measured, or the previous customizer's result
	 * @return the load to report, {@code load} itself to change nothing
	 */
	OrcaLoad customize(OrcaLoad load);

}
