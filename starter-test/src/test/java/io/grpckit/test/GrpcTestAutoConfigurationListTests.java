package io.grpckit.test;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every auto-configuration of the kit is either in the {@link GrpcTest @GrpcTest} slice or
 * left out on purpose, so that a new one is not forgotten.
 */
class GrpcTestAutoConfigurationListTests {

	/** Left out of the slice: observation ({@link AutoConfigureGrpcObservation}), Actuator, discovery, ports, HTTP. */
	private static final List<String> LEFT_OUT = List.of(
			"io.grpckit.server.autoconfigure.observation.GrpcServerObservationAutoConfiguration",
			"io.grpckit.client.autoconfigure.observation.GrpcClientObservationAutoConfiguration",
			"io.grpckit.server.autoconfigure.admin.GrpcAdminAutoConfiguration",
			"io.grpckit.server.autoconfigure.http.GrpcHttpAutoConfiguration",
			"io.grpckit.discovery.autoconfigure.etcd.EtcdDiscoveryAutoConfiguration",
			"io.grpckit.discovery.autoconfigure.consul.ConsulDiscoveryAutoConfiguration",
			"io.grpckit.discovery.autoconfigure.cloud.SpringCloudDiscoveryAutoConfiguration",
			"io.grpckit.discovery.autoconfigure.kubernetes.KubernetesDiscoveryAutoConfiguration",
			"io.grpckit.discovery.autoconfigure.DiscoveryAutoConfiguration",
			"io.grpckit.discovery.autoconfigure.xds.XdsAutoConfiguration",
			"io.grpckit.actuate.autoconfigure.GrpcEndpointAutoConfiguration",
			"io.grpckit.actuate.autoconfigure.GrpcRegistrationEndpointAutoConfiguration",
			"io.grpckit.actuate.autoconfigure.GrpcServerHealthContributorAutoConfiguration",
			"io.grpckit.actuate.autoconfigure.GrpcChannelsHealthContributorAutoConfiguration",
			"io.grpckit.actuate.autoconfigure.GrpcRegistrationHealthContributorAutoConfiguration");

	@Test
	void everyKitAutoConfigurationIsInTheSliceOrLeftOutOnPurpose() {
		ClassLoader classLoader = getClass().getClassLoader();
		List<String> kit = ImportCandidates.load(AutoConfiguration.class, classLoader)
			.getCandidates()
			.stream()
			.filter((name) -> name.startsWith("io.grpckit."))
			.toList();
		List<String> slice = ImportCandidates.load(AutoConfigureGrpc.class, classLoader).getCandidates();
		List<String> known = new ArrayList<>(slice);
		known.addAll(LEFT_OUT);
		assertThat(kit).isNotEmpty().allSatisfy((name) -> assertThat(known)
			.as("%s: add it to META-INF/spring/%s.imports or to LEFT_OUT", name, AutoConfigureGrpc.class.getName())
			.contains(name));
		assertThat(slice).doesNotContainAnyElementsOf(LEFT_OUT);
	}

}
