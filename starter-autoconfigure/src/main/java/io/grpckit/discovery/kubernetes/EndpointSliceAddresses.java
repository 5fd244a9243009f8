package io.grpckit.discovery.kubernetes;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointConditions;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.grpc.Attributes;
import io.grpc.EquivalentAddressGroup;
import io.grpckit.discovery.ServiceInstance;
import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

/**
 * Turns the EndpointSlices of a Service into the addresses of its ready endpoints on the
 * target's port: merged across slices, deduplicated, sorted so that an unchanged set
 * compares equal.
 */
final class EndpointSliceAddresses {

	/** Port name chosen when a slice has several ports and the target names none. */
	static final String DEFAULT_PORT_NAME = "grpc";

	private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");

	private EndpointSliceAddresses() {
	}

	/**
	 * Return the addresses of the ready endpoints.
	 * @param target the target, for its port
	 * @param slices the Service's slices, at least one
	 * @return the addresses (empty when no endpoint is ready)
	 * @throws IllegalStateException if the port cannot be chosen, with a message for the
	 * channel's status
	 */
	static List<EquivalentAddressGroup> of(KubernetesTarget target, Collection<EndpointSlice> slices) {
		Map<InetSocketAddress, EquivalentAddressGroup> groups = new LinkedHashMap<>();
		Set<String> portsSeen = new TreeSet<>();
		boolean portFound = false;
		for (EndpointSlice slice : slices) {
			if (!isIp(slice.getAddressType())) {
				continue;
			}
			int port = port(target, slice, portsSeen);
			if (port < 0) {
				continue;
			}
			portFound = true;
			for (Endpoint endpoint : nonNull(slice.getEndpoints())) {
				if (!isReady(endpoint.getConditions()) || nonNull(endpoint.getAddresses()).isEmpty()) {
					continue;
				}
				// addresses of one endpoint are fungible: the API asks consumers to use the first
				InetAddress ip = literal(endpoint.getAddresses().get(0));
				if (ip != null) {
					InetSocketAddress address = new InetSocketAddress(ip, port);
					groups.putIfAbsent(address, new EquivalentAddressGroup(address, attributes(endpoint)));
				}
			}
		}
		if (!portFound && slices.stream().anyMatch((slice) -> isIp(slice.getAddressType()))) {
			throw new IllegalStateException(noPort(target, portsSeen));
		}
		List<EquivalentAddressGroup> sorted = new ArrayList<>(groups.values());
		sorted.sort(Comparator.comparing((group) -> group.getAddresses().get(0).toString()));
		return sorted;
	}

	/**
	 * Return whether an endpoint takes new calls: ready (an absent condition means ready,
	 * as the API says) and not terminating.
	 */
	static boolean isReady(@Nullable EndpointConditions conditions) {
		if (conditions == null) {
			return true;
		}
		return !Boolean.FALSE.equals(conditions.getReady()) && !Boolean.TRUE.equals(conditions.getTerminating());
	}

	private static int port(KubernetesTarget target, EndpointSlice slice, Set<String> portsSeen) {
		int number = target.portNumber();
		if (number > 0) {
			return number;
		}
		List<EndpointPort> ports = nonNull(slice.getPorts()).stream().filter((port) -> port.getPort() != null).toList();
		ports.forEach((port) -> portsSeen.add(describe(port)));
		String wanted = target.port();
		if (wanted == null && ports.size() == 1) {
			return ports.get(0).getPort();
		}
		String name = (wanted != null) ? wanted : DEFAULT_PORT_NAME;
		return ports.stream()
			.filter((port) -> name.equals(port.getName()))
			.mapToInt(EndpointPort::getPort)
			.findFirst()
			.orElse(-1);
	}

	private static String noPort(KubernetesTarget target, Set<String> portsSeen) {
		if (target.port() != null) {
			return "no port named '" + target.port() + "' in the EndpointSlices of " + target + " (ports: " + portsSeen
					+ ")";
		}
		return "EndpointSlices of " + target + " have ports " + portsSeen + ", none named '" + DEFAULT_PORT_NAME
				+ "' (expected: one port, a port named '" + DEFAULT_PORT_NAME + "', or "
				+ KubernetesNameResolverProvider.SCHEME + ":///" + target + ":<port-name-or-number>)";
	}

	private static String describe(EndpointPort port) {
		return StringUtils.hasText(port.getName()) ? port.getName() + "=" + port.getPort() : "" + port.getPort();
	}

	private static Attributes attributes(Endpoint endpoint) {
		Attributes.Builder attributes = Attributes.newBuilder();
		Map<String, String> metadata = new LinkedHashMap<>();
		String pod = podName(endpoint.getTargetRef());
		put(attributes, metadata, KubernetesAttributes.ZONE, ServiceInstance.ZONE, endpoint.getZone());
		put(attributes, metadata, KubernetesAttributes.POD_NAME, KubernetesAttributes.POD_METADATA, pod);
		put(attributes, metadata, KubernetesAttributes.NODE_NAME, KubernetesAttributes.NODE_METADATA,
				endpoint.getNodeName());
		attributes.set(ServiceInstance.INSTANCE_ID_ATTRIBUTE, (pod != null) ? pod : endpoint.getAddresses().get(0));
		attributes.set(ServiceInstance.METADATA_ATTRIBUTE, Map.copyOf(metadata));
		return attributes.build();
	}

	private static void put(Attributes.Builder attributes, Map<String, String> metadata, Attributes.Key<String> key,
			String metadataKey, @Nullable String value) {
		if (StringUtils.hasText(value)) {
			attributes.set(key, value);
			metadata.put(metadataKey, value);
		}
	}

	private static @Nullable String podName(@Nullable ObjectReference reference) {
		return (reference != null && "Pod".equals(reference.getKind())) ? reference.getName() : null;
	}

	private static boolean isIp(@Nullable String addressType) {
		// FQDN slices name hosts, which would have to be looked up in the synchronization context
		return "IPv4".equals(addressType) || "IPv6".equals(addressType);
	}

	private static @Nullable InetAddress literal(String ip) {
		// only IP literals, so that nothing is looked up in the channel's synchronization context
		if (!IPV4.matcher(ip).matches() && !ip.contains(":")) {
			return null;
		}
		try {
			return InetAddress.getByName(ip);
		}
		catch (UnknownHostException ex) {
			return null;
		}
	}

	private static <T> List<T> nonNull(@Nullable List<T> list) {
		return (list != null) ? list : List.of();
	}

}
