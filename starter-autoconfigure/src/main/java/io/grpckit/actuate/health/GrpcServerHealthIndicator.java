package io.grpckit.actuate.health;

import io.grpckit.server.GrpcServerLifecycle;
import io.grpckit.server.GrpcServerState;
import io.grpckit.server.health.GrpcHealth;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code grpcServer} health contributor: UP while serving, OUT_OF_SERVICE while
 * starting or draining, DOWN once stopped; with the port, services and gRPC health
 * statuses as details.
 */
public class GrpcServerHealthIndicator implements HealthIndicator {

	/** The contributor's name, as it appears under {@code /actuator/health}. */
	public static final String NAME = "grpcServer";

	private final GrpcServerLifecycle lifecycle;

	private final GrpcHealth grpcHealth;

	/**
	 * Create an indicator.
	 * @param lifecycle the server lifecycle whose state is reported
	 * @param grpcHealth the gRPC health statuses shown as details
	 */
	public GrpcServerHealthIndicator(GrpcServerLifecycle lifecycle, GrpcHealth grpcHealth) {
		this.lifecycle = lifecycle;
		this.grpcHealth = grpcHealth;
	}

	@Override
	public Health health() {
		GrpcServerState state = this.lifecycle.getState();
		Health.Builder builder = switch (state) {
			case RUNNING -> Health.up();
			case STARTING, STOPPING -> Health.outOfService();
			case STOPPED -> Health.down();
		};
		return builder.withDetail("state", state)
			.withDetail("port", this.lifecycle.getPort())
			.withDetail("services", this.lifecycle.getServiceNames())
			.withDetail("health", this.grpcHealth.getStatuses())
			.build();
	}

}
