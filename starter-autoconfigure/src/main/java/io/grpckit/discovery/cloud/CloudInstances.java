package io.grpckit.discovery.cloud;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.grpckit.discovery.ServiceInstance;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

/**
 * Turns the instances a {@code DiscoveryClient} returns into the kit's
 * {@link ServiceInstance}: the gRPC port from the {@code gRPC_port} metadata (grpc-spring's
 * convention; its older {@code gRPC.port} too), else the instance's port; host names looked up
 * here, on the resolver's executor, so the channel's synchronization context never waits for
 * DNS. An instance that cannot be used is skipped, with one WARN per instance and reason.
 */
final class CloudInstances {

	/** Metadata key of the gRPC port, as grpc-spring reads and writes it. */
	static final String GRPC_PORT = "gRPC_port";

	/** Metadata key older grpc-spring versions used for the gRPC port. */
	static final String LEGACY_GRPC_PORT = "gRPC.port";

	private static final Log logger = LogFactory.getLog(CloudInstances.class);

	private final String target;

	// one WARN per skipped instance and reason, not one per refresh
	private final Set<String> warned = ConcurrentHashMap.newKeySet();

	CloudInstances(String target) {
		this.target = target;
	}

	List<ServiceInstance> convert(String service,
			List<org.springframework.cloud.client.ServiceInstance> instances) {
		List<ServiceInstance> converted = new ArrayList<>(instances.size());
		for (org.springframework.cloud.client.ServiceInstance instance : instances) {
			ServiceInstance usable = convert(service, instance);
			if (usable != null) {
				converted.add(usable);
			}
		}
		return converted;
	}

	private @Nullable ServiceInstance convert(String service, org.springframework.cloud.client.ServiceInstance instance) {
		Map<String, String> metadata = (instance.getMetadata() != null) ? instance.getMetadata() : Map.of();
		String id = StringUtils.hasText(instance.getInstanceId()) ? instance.getInstanceId()
				: instance.getHost() + ":" + instance.getPort();
		String portText = metadata.containsKey(GRPC_PORT) ? metadata.get(GRPC_PORT) : metadata.get(LEGACY_GRPC_PORT);
		int port = (portText != null) ? parsePort(portText.trim()) : instance.getPort();
		if (port <= 0) {
			warnOnce(id, "port", (portText != null)
					? "its gRPC_port metadata is '" + portText + "' (expected: a port number 1..65535)"
					: "its port is " + instance.getPort() + " and it has no gRPC_port metadata");
			return null;
		}
		String address = address(id, instance.getHost());
		if (address == null) {
			return null;
		}
		return new ServiceInstance(service, id, address, port, withoutNulls(metadata));
	}

	private @Nullable String address(String id, @Nullable String host) {
		if (!StringUtils.hasText(host)) {
			warnOnce(id, "host", "it has no host");
			return null;
		}
		try {
			return InetAddress.getByName(host).getHostAddress();
		}
		catch (UnknownHostException ex) {
			warnOnce(id, "host", "its host " + host + " is unknown");
			return null;
		}
	}

	private void warnOnce(String id, String reason, String message) {
		if (this.warned.add(id + "/" + reason)) {
			logger.warn(this.target + ": skipping instance " + id + " because " + message);
		}
	}

	private static int parsePort(String text) {
		try {
			int port = Integer.parseInt(text);
			return (port > 0 && port <= 65535) ? port : -1;
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	// registries may hold null keys or values; the kit's ServiceInstance does not take them
	private static Map<String, String> withoutNulls(Map<String, String> metadata) {
		Map<String, String> copy = new LinkedHashMap<>();
		metadata.forEach((key, value) -> {
			if (key != null && value != null) {
				copy.put(key, value);
			}
		});
		return copy;
	}

}
