package io.grpckit.discovery.cloud;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;

/**
 * A {@link DiscoveryClient} for tests: answers with the instances it was last given, or
 * throws while {@link #failing} is set, and counts the lookups.
 */
public final class SwitchableDiscoveryClient implements DiscoveryClient {

	/** The instances it answers with. */
	public volatile List<ServiceInstance> instances = List.of();

	/** The failure it throws, if set. */
	public volatile RuntimeException failing;

	/** How many lookups it answered or failed. */
	public final AtomicInteger lookups = new AtomicInteger();

	/**
	 * Return an instance of service {@code echo}.
	 * @param id the instance id
	 * @param port the instance's port
	 * @param metadata its metadata
	 * @return the instance
	 */
	public static ServiceInstance instance(String id, int port, Map<String, String> metadata) {
		return new DefaultServiceInstance(id, "echo", "127.0.0.1", port, false, metadata);
	}

	@Override
	public String description() {
		return "switchable test client";
	}

	@Override
	public List<ServiceInstance> getInstances(String serviceId) {
		this.lookups.incrementAndGet();
		RuntimeException failure = this.failing;
		if (failure != null) {
			throw failure;
		}
		return "echo".equals(serviceId) ? this.instances : List.of();
	}

	@Override
	public List<String> getServices() {
		return List.of("echo");
	}

}
