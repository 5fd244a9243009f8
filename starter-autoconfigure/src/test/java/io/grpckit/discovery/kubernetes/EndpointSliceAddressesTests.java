package io.grpckit.discovery.kubernetes;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.grpc.EquivalentAddressGroup;
import io.grpckit.discovery.ServiceInstance;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * {@link EndpointSliceAddresses} and {@link KubernetesTarget}: which endpoints of which slices
 * become which addresses, and how targets are read.
 */
class EndpointSliceAddressesTests {

	@Test
	void readyEndpointsOfAllSlicesMergedDeduplicatedAndSorted() {
		EndpointSlice first = slice("IPv4", List.of(port("grpc", 9000)), endpoint("10.0.0.2", true, null),
				endpoint("10.0.0.1", null, null));
		// the same endpoint in two slices, as during a slice controller's rebalancing
		EndpointSlice second = slice("IPv4", List.of(port("grpc", 9000)), endpoint("10.0.0.1", true, false),
				endpoint("10.0.0.3", true, false));
		assertThat(addresses("kubernetes:///greeter", first, second)).containsExactly("10.0.0.1:9000", "10.0.0.2:9000",
				"10.0.0.3:9000");
	}

	@Test
	void notReadyAndTerminatingEndpointsAreLeftOut() {
		EndpointSlice slice = slice("IPv4", List.of(port("grpc", 9000)), endpoint("10.0.0.1", false, false),
				endpoint("10.0.0.2", true, true), endpoint("10.0.0.3", false, true), endpoint("10.0.0.4", true, false));
		assertThat(addresses("kubernetes:///greeter", slice)).containsExactly("10.0.0.4:9000");
	}

	@Test
	void noReadyEndpointGivesAnEmptyList() {
		EndpointSlice slice = slice("IPv4", List.of(port("grpc", 9000)), endpoint("10.0.0.1", false, false));
		assertThat(addresses("kubernetes:///greeter", slice)).isEmpty();
	}

	@Test
	void portByNameByNumberTheOnlyOneOrTheOneNamedGrpc() {
		EndpointSlice single = slice("IPv4", List.of(port("web", 8080)), endpoint("10.0.0.1", true, false));
		EndpointSlice several = slice("IPv4", List.of(port("http", 8080), port("grpc", 9090)),
				endpoint("10.0.0.2", true, false));
		assertThat(addresses("kubernetes:///greeter", single)).containsExactly("10.0.0.1:8080");
		assertThat(addresses("kubernetes:///greeter", several)).containsExactly("10.0.0.2:9090");
		assertThat(addresses("kubernetes:///greeter:http", several)).containsExactly("10.0.0.2:8080");
		assertThat(addresses("kubernetes:///greeter.shop:7000", several)).containsExactly("10.0.0.2:7000");
		// slices without the named port contribute nothing
		assertThat(addresses("kubernetes:///greeter:grpc", single, several)).containsExactly("10.0.0.2:9090");
	}

	@Test
	void severalPortsNoneNamedGrpcIsAClearError() {
		EndpointSlice slice = slice("IPv4", List.of(port("http", 8080), port("admin", 9090)),
				endpoint("10.0.0.1", true, false));
		assertThatIllegalStateException().isThrownBy(() -> addresses("kubernetes:///greeter", slice))
			.withMessage("EndpointSlices of greeter have ports [admin=9090, http=8080], none named 'grpc' "
					+ "(expected: one port, a port named 'grpc', or kubernetes:///greeter:<port-name-or-number>)");
		assertThatIllegalStateException().isThrownBy(() -> addresses("kubernetes:///greeter:rpc", slice))
			.withMessage("no port named 'rpc' in the EndpointSlices of greeter:rpc (ports: [admin=9090, http=8080])");
	}

	@Test
	void fqdnSlicesAndNonIpAddressesAreIgnored() {
		EndpointSlice fqdn = slice("FQDN", List.of(port("grpc", 9000)), endpoint("greeter.example.com", true, false));
		EndpointSlice ipv6 = slice("IPv6", List.of(port("grpc", 9000)), endpoint("fd00::1", true, false),
				endpoint("not-an-ip", true, false));
		assertThat(addresses("kubernetes:///greeter", fqdn, ipv6)).containsExactly("/[fd00:0:0:0:0:0:0:1]:9000");
	}

	@Test
	void zonePodAndNodeAreAttributes() {
		Endpoint endpoint = new EndpointBuilder(endpoint("10.0.0.1", true, false)).withZone("eu-1b")
			.withNodeName("node-7")
			.withNewTargetRef()
			.withKind("Pod")
			.withName("greeter-5d8f")
			.endTargetRef()
			.build();
		EquivalentAddressGroup group = EndpointSliceAddresses
			.of(target("kubernetes:///greeter"), List.of(slice("IPv4", List.of(port("grpc", 9000)), endpoint)))
			.get(0);
		assertThat(group.getAttributes().get(KubernetesAttributes.ZONE)).isEqualTo("eu-1b");
		assertThat(group.getAttributes().get(KubernetesAttributes.POD_NAME)).isEqualTo("greeter-5d8f");
		assertThat(group.getAttributes().get(KubernetesAttributes.NODE_NAME)).isEqualTo("node-7");
		assertThat(group.getAttributes().get(ServiceInstance.INSTANCE_ID_ATTRIBUTE)).isEqualTo("greeter-5d8f");
		assertThat(group.getAttributes().get(ServiceInstance.METADATA_ATTRIBUTE))
			.isEqualTo(Map.of("zone", "eu-1b", "pod", "greeter-5d8f", "node", "node-7"));
		EquivalentAddressGroup bare = EndpointSliceAddresses
			.of(target("kubernetes:///greeter"),
					List.of(slice("IPv4", List.of(port("grpc", 9000)), endpoint("10.0.0.2", true, false))))
			.get(0);
		assertThat(bare.getAttributes().get(KubernetesAttributes.ZONE)).isNull();
		assertThat(bare.getAttributes().get(ServiceInstance.INSTANCE_ID_ATTRIBUTE)).isEqualTo("10.0.0.2");
	}

	@Test
	void targetsAreRead() {
		assertThat(target("kubernetes:///greeter")).isEqualTo(new KubernetesTarget("greeter", null, null));
		assertThat(target("kubernetes:///greeter.shop")).isEqualTo(new KubernetesTarget("greeter", "shop", null));
		assertThat(target("kubernetes:///greeter.shop:grpc"))
			.isEqualTo(new KubernetesTarget("greeter", "shop", "grpc"));
		assertThat(target("kubernetes:///greeter:50051").portNumber()).isEqualTo(50051);
		assertThat(target("kubernetes://greeter.shop").namespace()).isEqualTo("shop");
		for (String bad : List.of("kubernetes:///", "kubernetes:///Greeter", "kubernetes:///a.b.c",
				"kubernetes:///greeter/x", "kubernetes:///greeter:", "kubernetes:///greeter:0",
				"kubernetes:///greeter:70000", "kubernetes:///greeter:123456789012")) {
			assertThatIllegalArgumentException().as(bad).isThrownBy(() -> target(bad));
		}
		assertThatIllegalArgumentException().isThrownBy(() -> target("kubernetes:///Greeter"))
			.withMessage("target: kubernetes:///Greeter (expected: "
					+ "kubernetes:///<service>[.<namespace>][:<port-name-or-number>], names in lower case)");
	}

	private static List<String> addresses(String target, EndpointSlice... slices) {
		return EndpointSliceAddresses.of(target(target), List.of(slices))
			.stream()
			.map((group) -> (InetSocketAddress) group.getAddresses().get(0))
			.map((address) -> address.getAddress().getHostAddress().contains(":") ? address.toString()
					: address.getAddress().getHostAddress() + ":" + address.getPort())
			.toList();
	}

	private static KubernetesTarget target(String target) {
		return KubernetesTarget.parse(URI.create(target));
	}

	private static EndpointSlice slice(String addressType, List<EndpointPort> ports, Endpoint... endpoints) {
		return new EndpointSliceBuilder().withNewMetadata()
			.withName("greeter-abc")
			.endMetadata()
			.withAddressType(addressType)
			.withPorts(ports)
			.withEndpoints(endpoints)
			.build();
	}

	private static EndpointPort port(String name, int port) {
		return new EndpointPortBuilder().withName(name).withPort(port).build();
	}

	private static Endpoint endpoint(String ip, Boolean ready, Boolean terminating) {
		if (ready == null && terminating == null) {
			return new EndpointBuilder().withAddresses(ip).build();
		}
		return new EndpointBuilder().withAddresses(ip)
			.withNewConditions()
			.withReady(ready)
			.withTerminating(terminating)
			.endConditions()
			.build();
	}

}
