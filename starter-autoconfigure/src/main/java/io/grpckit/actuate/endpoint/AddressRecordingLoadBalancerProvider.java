package io.grpckit.actuate.endpoint;

import java.util.List;
import java.util.Map;

import io.grpc.LoadBalancer;
import io.grpc.LoadBalancerProvider;
import io.grpc.NameResolver.ConfigOrError;
import io.grpc.Status;
import io.grpc.util.GracefulSwitchLoadBalancer;
import org.jspecify.annotations.Nullable;

/**
 * The recording load-balancing policy of a {@link ResolvedAddressRecorder}. Its config
 * names the channel and the child policy, in the service config's own form:
 * {@code {"channel": "greeter", "childPolicy": [{"round_robin": {}}]}}.
 */
final class AddressRecordingLoadBalancerProvider extends LoadBalancerProvider {

	private static final String CHANNEL = "channel";

	private static final String CHILD_POLICY = "childPolicy";

	private final String policyName;

	private final ResolvedAddressRecorder recorder;

	AddressRecordingLoadBalancerProvider(String policyName, ResolvedAddressRecorder recorder) {
		this.policyName = policyName;
		this.recorder = recorder;
	}

	static Map<String, Object> rawConfig(String channel, Object childPolicy) {
		return Map.of(CHANNEL, channel, CHILD_POLICY, childPolicy);
	}

	@Override
	public boolean isAvailable() {
		return true;
	}

	@Override
	public int getPriority() {
		return 5;
	}

	@Override
	public String getPolicyName() {
		return this.policyName;
	}

	@Override
	public LoadBalancer newLoadBalancer(LoadBalancer.Helper helper) {
		return new AddressRecordingLoadBalancer(helper, this.recorder);
	}

	@Override
	public ConfigOrError parseLoadBalancingPolicyConfig(Map<String, ?> rawConfig) {
		Object channel = rawConfig.get(CHANNEL);
		List<Map<String, ?>> childPolicy = childPolicy(rawConfig.get(CHILD_POLICY));
		if (!(channel instanceof String) || childPolicy == null) {
			return ConfigOrError.fromError(Status.INTERNAL
				.withDescription(this.policyName + ": " + rawConfig + " (expected: channel name and childPolicy list)"));
		}
		// the child is looked up in the registry like a top-level policy, with its own config
		ConfigOrError child = GracefulSwitchLoadBalancer.parseLoadBalancingPolicyConfig(childPolicy);
		if (child.getError() != null) {
			return child;
		}
		return ConfigOrError.fromConfig(new AddressRecordingLoadBalancer.Config((String) channel, child.getConfig()));
	}

	@SuppressWarnings("unchecked")
	private static @Nullable List<Map<String, ?>> childPolicy(@Nullable Object value) {
		if (value instanceof List<?> list && list.stream().allMatch(Map.class::isInstance)) {
			return (List<Map<String, ?>>) list;
		}
		return null;
	}

}
