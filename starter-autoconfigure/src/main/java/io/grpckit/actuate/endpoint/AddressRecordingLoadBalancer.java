package io.grpckit.actuate.endpoint;

import io.grpc.LoadBalancer;
import io.grpc.Status;
import io.grpc.util.GracefulSwitchLoadBalancer;
import org.jspecify.annotations.Nullable;

/**
 * Notes the addresses of each resolver result for a {@link ResolvedAddressRecorder}, then
 * hands the result, with the child's config, to the channel's real policy. The real policy
 * is created by a {@link GracefulSwitchLoadBalancer} on this balancer's helper, so it sees
 * the channel as it would without the recording, attributes (health-check config) included.
 * Like every load balancer, it is only called from the channel's synchronization context.
 */
final class AddressRecordingLoadBalancer extends LoadBalancer {

	private final GracefulSwitchLoadBalancer child;

	private final ResolvedAddressRecorder recorder;

	private @Nullable String channel;

	AddressRecordingLoadBalancer(Helper helper, ResolvedAddressRecorder recorder) {
		this.child = new GracefulSwitchLoadBalancer(helper);
		this.recorder = recorder;
	}

	@Override
	public Status acceptResolvedAddresses(ResolvedAddresses resolvedAddresses) {
		Config config = (Config) resolvedAddresses.getLoadBalancingPolicyConfig();
		this.channel = config.channel();
		// the latest list replaces the previous one: an address the resolver dropped is gone
		this.recorder.record(this.channel, this, resolvedAddresses.getAddresses());
		return this.child.acceptResolvedAddresses(
				resolvedAddresses.toBuilder().setLoadBalancingPolicyConfig(config.childConfig()).build());
	}

	@Override
	public void handleNameResolutionError(Status error) {
		// the last addresses stay recorded: they are what the resolver delivered last, and
		// the failure shows in the channel's state
		this.child.handleNameResolutionError(error);
	}

	@Override
	public void requestConnection() {
		this.child.requestConnection();
	}

	@Override
	public void shutdown() {
		// the channel shut down or went idle, or a service config from the resolver chose
		// another policy: either way this balancer no longer sees the resolver's results
		if (this.channel != null) {
			this.recorder.forget(this.channel, this);
		}
		this.child.shutdown();
	}

	/**
	 * Parsed config of the recording policy.
	 * @param channel the name of the channel whose addresses are recorded
	 * @param childConfig the real policy and its config, for the graceful switch
	 */
	record Config(String channel, Object childConfig) {
	}

}
