package io.grpckit.discovery;

import java.net.InetSocketAddress;
import java.util.Map;

import io.grpc.Attributes;
import io.grpc.EquivalentAddressGroup;

/**
 * One registered instance of a service: where it listens and what it says about itself.
 *
 * @param serviceName the logical service name, the last segment of {@code etcd:///<service>}
 * @param instanceId the id of this instance, stable for the life of the process
 * @param host the host name or IP address clients connect to
 * @param port the bound gRPC port
 * @param metadata version, zone, served gRPC services and user metadata
 */
public record ServiceInstance(String serviceName, String instanceId, String host, int port,
		Map<String, String> metadata) {

	/** Metadata key of the application version. */
	public static final String VERSION = "version";

	/** Metadata key of the zone. */
	public static final String ZONE = "zone";

	/** Metadata key of the served gRPC services, comma-separated. */
	public static final String GRPC_SERVICES = "grpc.services";

	/** Address attribute holding the instance id. */
	public static final Attributes.Key<String> INSTANCE_ID_ATTRIBUTE = Attributes.Key.create("grpckit.instanceId");

	/** Address attribute holding the instance metadata, for custom load balancers. */
	public static final Attributes.Key<Map<String, String>> METADATA_ATTRIBUTE = Attributes.Key
		.create("grpckit.metadata");

	public ServiceInstance {
		metadata = Map.copyOf(metadata);
	}

	/**
	 * Return this instance with another port.
	 * @param port the port
	 * @return a copy
	 */
	public ServiceInstance withPort(int port) {
		return new ServiceInstance(this.serviceName, this.instanceId, this.host, port, this.metadata);
	}

	/**
	 * Return the address group a resolver hands to the channel: the instance's socket
	 * address, with the instance id and metadata as attributes. Register IP addresses: a
	 * host name would be looked up here, in the channel's synchronization context.
	 * @return the address group
	 */
	public EquivalentAddressGroup toAddressGroup() {
		Attributes attributes = Attributes.newBuilder()
			.set(INSTANCE_ID_ATTRIBUTE, this.instanceId)
			.set(METADATA_ATTRIBUTE, this.metadata)
			.build();
		return new EquivalentAddressGroup(new InetSocketAddress(this.host, this.port), attributes);
	}

}
