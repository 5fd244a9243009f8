package io.grpckit.actuate.health;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpckit.client.GrpcChannelFactory;
import io.grpckit.client.resilience.ChannelCircuitBreakers;
import io.grpckit.client.resilience.ChannelCircuitBreakers.BreakerState;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Reports the connectivity state of every channel created so far. A channel in
 * TRANSIENT_FAILURE makes the whole indicator report the configured status
 * (OUT_OF_SERVICE by default); any other state is UP. The state is read without asking
 * idle channels to connect.
 * <p>
 * The state of the channels' circuit breakers is shown under the {@code circuitBreakers}
 * detail, by breaker name, but never changes the status: an open breaker protects this
 * application from a failing backend and is no reason to restart or unroute it.
 */
public final class GrpcChannelsHealthIndicator implements HealthIndicator {

	/** Name of the detail holding the state of every circuit breaker, by breaker name. */
	public static final String CIRCUIT_BREAKERS = "circuitBreakers";

	private final GrpcChannelFactory channelFactory;

	private final Status transientFailureStatus;

	private final @Nullable ChannelCircuitBreakers circuitBreakers;

	/**
	 * Create an indicator.
	 * @param channelFactory the factory whose channels are reported
	 * @param transientFailureStatus the status for a channel in TRANSIENT_FAILURE
	 */
	public GrpcChannelsHealthIndicator(GrpcChannelFactory channelFactory, Status transientFailureStatus) {
		this(channelFactory, transientFailureStatus, null);
	}

	/**
	 * Create an indicator that also shows the channels' circuit breakers.
	 * @param channelFactory the factory whose channels are reported
	 * @param transientFailureStatus the status for a channel in TRANSIENT_FAILURE
	 * @param circuitBreakers the channels' circuit breakers, or {@code null} without them
	 */
	public GrpcChannelsHealthIndicator(GrpcChannelFactory channelFactory, Status transientFailureStatus,
			@Nullable ChannelCircuitBreakers circuitBreakers) {
		this.channelFactory = channelFactory;
		this.transientFailureStatus = transientFailureStatus;
		this.circuitBreakers = circuitBreakers;
	}

	@Override
	public Health health() {
		Map<String, Object> details = new LinkedHashMap<>();
		Map<String, String> breakers = new LinkedHashMap<>();
		boolean failing = false;
		for (Map.Entry<String, ManagedChannel> entry : new TreeMap<>(this.channelFactory.getChannels()).entrySet()) {
			ConnectivityState state = entry.getValue().getState(false);
			failing |= (state == ConnectivityState.TRANSIENT_FAILURE);
			details.put(entry.getKey(), state.name());
			if (this.circuitBreakers != null) {
				for (BreakerState breaker : this.circuitBreakers.circuitBreakers(entry.getKey())) {
					breakers.put(breaker.name(), breaker.state());
				}
			}
		}
		if (!breakers.isEmpty()) {
			details.put(CIRCUIT_BREAKERS, breakers);
		}
		return Health.status(failing ? this.transientFailureStatus : Status.UP).withDetails(details).build();
	}

}
