package io.grpckit.actuate.health;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpckit.client.GrpcChannelFactory;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Reports the connectivity state of every channel created so far. A channel in
 * TRANSIENT_FAILURE makes the whole indicator report the configured status
 * (OUT_OF_SERVICE by default); any other state is UP. The state is read without asking
 * idle channels to connect.
 */
public final class GrpcChannelsHealthIndicator implements HealthIndicator {

	private final GrpcChannelFactory channelFactory;

	private final Status transientFailureStatus;

	/**
	 * Create an indicator.
	 * @param channelFactory the factory whose channels are reported
	 * @param transientFailureStatus the status for a channel in TRANSIENT_FAILURE
	 */
	public GrpcChannelsHealthIndicator(GrpcChannelFactory channelFactory, Status transientFailureStatus) {
		this.channelFactory = channelFactory;
		this.transientFailureStatus = transientFailureStatus;
	}

	@Override
	public Health health() {
		Map<String, Object> states = new LinkedHashMap<>();
		boolean failing = false;
		for (Map.Entry<String, ManagedChannel> entry : new TreeMap<>(this.channelFactory.getChannels()).entrySet()) {
			ConnectivityState state = entry.getValue().getState(false);
			failing |= (state == ConnectivityState.TRANSIENT_FAILURE);
			states.put(entry.getKey(), state.name());
		}
		return Health.status(failing ? this.transientFailureStatus : Status.UP).withDetails(states).build();
	}

}
