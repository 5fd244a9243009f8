package io.grpckit.actuate.endpoint;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.grpc.EquivalentAddressGroup;
import io.grpc.LoadBalancerRegistry;
import io.grpckit.client.GrpcChannelServiceConfigCustomizer;

/**
 * Records, per channel, the addresses its name resolver delivered last, for the
 * {@code grpc} Actuator endpoint. grpc-java picks a channel's resolver before any
 * customizer runs, but every resolver result passes the channel's load-balancing policy:
 * as a {@link GrpcChannelServiceConfigCustomizer} this recorder puts a recording policy in
 * front of the configured one, which notes the addresses and hands everything on
 * unchanged.
 * <p>
 * The recording policy is registered in grpc-java's default {@link LoadBalancerRegistry}
 * from construction until {@link #close()}, under a name of its own per recorder, so that
 * two application contexts in one JVM each see their own channels.
 */
public class ResolvedAddressRecorder implements GrpcChannelServiceConfigCustomizer, AutoCloseable {

	private static final String LOAD_BALANCING_CONFIG = "loadBalancingConfig";

	// what grpc-java uses when a service config names no policy
	private static final List<Map<String, Object>> DEFAULT_POLICY = List.of(Map.of("pick_first", Map.of()));

	private static final AtomicInteger instances = new AtomicInteger();

	private final Map<String, Resolved> addresses = new ConcurrentHashMap<>();

	private final AddressRecordingLoadBalancerProvider provider;

	/**
	 * Create a recorder and register its load-balancing policy.
	 */
	public ResolvedAddressRecorder() {
		this.provider = new AddressRecordingLoadBalancerProvider(
				"grpckit_address_recording_" + instances.incrementAndGet(), this);
		LoadBalancerRegistry.getDefaultRegistry().register(this.provider);
	}

	/**
	 * Return a copy of a channel's service config whose load-balancing policy is this
	 * recorder's, with the config's own policy ({@code pick_first} if it names none) as its
	 * child. Retry, hedging and health-check settings are left as they are.
	 * @param channel the channel name
	 * @param serviceConfig the service config as built from properties, possibly empty
	 * @return the service config to give the channel builder
	 */
	@Override
	public Map<String, Object> customize(String channel, Map<String, Object> serviceConfig) {
		Object childPolicy = serviceConfig.getOrDefault(LOAD_BALANCING_CONFIG, DEFAULT_POLICY);
		Map<String, Object> wrapped = new LinkedHashMap<>(serviceConfig);
		wrapped.put(LOAD_BALANCING_CONFIG,
				List.of(Map.of(this.provider.getPolicyName(), AddressRecordingLoadBalancerProvider.rawConfig(channel,
						childPolicy))));
		return wrapped;
	}

	/**
	 * Return the addresses the channel's name resolver delivered last.
	 * @param channel the channel name
	 * @return the addresses as {@code host:port}, in the resolver's order; empty before
	 * the first resolution and while the channel is idle
	 */
	public List<String> getAddresses(String channel) {
		Resolved resolved = this.addresses.get(channel);
		return (resolved != null) ? resolved.addresses() : List.of();
	}

	void record(String channel, Object balancer, List<EquivalentAddressGroup> groups) {
		List<String> formatted = groups.stream()
			.flatMap((group) -> group.getAddresses().stream())
			.map(BackendAddressRecorder::format)
			.distinct()
			.toList();
		this.addresses.put(channel, new Resolved(balancer, formatted));
	}

	void forget(String channel, Object balancer) {
		// only the balancer's own record: a newer one of the same channel may have replaced it
		this.addresses.computeIfPresent(channel, (key, resolved) -> (resolved.balancer() == balancer) ? null : resolved);
	}

	String getPolicyName() {
		return this.provider.getPolicyName();
	}

	/**
	 * Deregister the recording policy. Channels built before keep working: they hold the
	 * policy they parsed.
	 */
	@Override
	public void close() {
		LoadBalancerRegistry.getDefaultRegistry().deregister(this.provider);
	}

	private record Resolved(Object balancer, List<String> addresses) {
	}

}
