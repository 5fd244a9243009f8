package io.grpckit.actuate.endpoint;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.grpc.ManagedChannel;
import io.grpckit.actuate.endpoint.GrpcEndpoint.ChannelDescriptor;
import io.grpckit.actuate.endpoint.GrpcEndpoint.CircuitBreakerDescriptor;
import io.grpckit.client.GrpcChannelFactory;
import io.grpckit.client.GrpcChannelTargets;
import io.grpckit.client.resilience.ChannelCircuitBreakers;
import org.jspecify.annotations.Nullable;

/**
 * Describes the channels created so far, like the {@code grpcChannels} health contributor
 * reads them: the state without asking an idle channel to connect, and their circuit
 * breakers.
 */
final class ChannelDescriber {

	private final @Nullable GrpcChannelFactory factory;

	private final @Nullable GrpcChannelTargets targets;

	private final @Nullable ResolvedAddressRecorder resolvedAddresses;

	private final @Nullable BackendAddressRecorder backendAddresses;

	private final @Nullable ChannelCircuitBreakers circuitBreakers;

	ChannelDescriber(@Nullable GrpcChannelFactory factory, @Nullable GrpcChannelTargets targets,
			@Nullable ResolvedAddressRecorder resolvedAddresses, @Nullable BackendAddressRecorder backendAddresses,
			@Nullable ChannelCircuitBreakers circuitBreakers) {
		this.factory = factory;
		this.targets = targets;
		this.resolvedAddresses = resolvedAddresses;
		this.backendAddresses = backendAddresses;
		this.circuitBreakers = circuitBreakers;
	}

	List<ChannelDescriptor> describe() {
		if (this.factory == null) {
			return List.of();
		}
		return new TreeMap<>(this.factory.getChannels()).entrySet().stream().map(this::describe).toList();
	}

	private ChannelDescriptor describe(Map.Entry<String, ManagedChannel> entry) {
		String name = entry.getKey();
		String target = (this.targets != null) ? this.targets.getTarget(name) : entry.getValue().authority();
		String state = entry.getValue().getState(false).name();
		List<CircuitBreakerDescriptor> breakers = circuitBreakers(name);
		if (target.startsWith(GrpcChannelTargets.IN_PROCESS_PREFIX)) {
			return new ChannelDescriptor(name, target, state, List.of(target), List.of(target), breakers);
		}
		return new ChannelDescriptor(name, target, state,
				(this.resolvedAddresses != null) ? this.resolvedAddresses.getAddresses(name) : List.of(),
				(this.backendAddresses != null) ? this.backendAddresses.getAddresses(name) : List.of(), breakers);
	}

	private List<CircuitBreakerDescriptor> circuitBreakers(String channel) {
		if (this.circuitBreakers == null) {
			return List.of();
		}
		return this.circuitBreakers.circuitBreakers(channel)
			.stream()
			.map((breaker) -> new CircuitBreakerDescriptor(breaker.name(), breaker.method(), breaker.state(),
					breaker.failureRate(), breaker.slowCallRate(), breaker.bufferedCalls(), breaker.failedCalls(),
					breaker.slowCalls(), breaker.notPermittedCalls()))
			.toList();
	}

}
