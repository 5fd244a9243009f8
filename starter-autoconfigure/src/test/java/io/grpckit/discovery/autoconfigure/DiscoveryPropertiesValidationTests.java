package io.grpckit.discovery.autoconfigure;

import java.util.Map;

import io.grpckit.discovery.autoconfigure.consul.ConsulDiscoveryProperties;
import io.grpckit.discovery.autoconfigure.etcd.EtcdDiscoveryProperties;
import io.grpckit.testsupport.ValidatedBinding;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Discovery values out of range are rejected at binding, naming the property and the range.
 */
class DiscoveryPropertiesValidationTests {

	@Test
	void sharedSettings() {
		assertThat(ValidatedBinding.rejected("grpckit.discovery", new DiscoveryProperties(),
				Map.of("grpckit.discovery.registration.deregister-timeout", "-1s", "grpckit.discovery.backoff.initial",
						"0s")))
			.containsExactlyInAnyOrder("grpckit.discovery.registration.deregister-timeout: must be at least 0s",
					"grpckit.discovery.backoff.initial: must be greater than 0s");
		assertThat(ValidatedBinding.rejected("grpckit.discovery", new DiscoveryProperties(),
				Map.of("grpckit.discovery.backoff.initial", "5s", "grpckit.discovery.backoff.max", "1s")))
			.containsExactly("grpckit.discovery.backoff.max: must be at least backoff.initial (PT5S)");
	}

	@Test
	void etcd() {
		assertThat(ValidatedBinding.rejected("grpckit.discovery.etcd", new EtcdDiscoveryProperties(),
				Map.of("grpckit.discovery.etcd.ttl", "0", "grpckit.discovery.etcd.timeout", "0s")))
			.containsExactlyInAnyOrder("grpckit.discovery.etcd.ttl: must be at least 1s",
					"grpckit.discovery.etcd.timeout: must be greater than 0s");
	}

	@Test
	void consul() {
		assertThat(ValidatedBinding.rejected("grpckit.discovery.consul", new ConsulDiscoveryProperties(),
				Map.of("grpckit.discovery.consul.check-interval", "0s", "grpckit.discovery.consul.wait", "-1s")))
			.containsExactlyInAnyOrder("grpckit.discovery.consul.check-interval: must be greater than 0s",
					"grpckit.discovery.consul.wait: must be greater than 0s");
	}

	@Test
	void defaultsAreValid() {
		ValidatedBinding.bind("grpckit.discovery", new DiscoveryProperties(), Map.of());
		ValidatedBinding.bind("grpckit.discovery.etcd", new EtcdDiscoveryProperties(), Map.of());
		ValidatedBinding.bind("grpckit.discovery.consul", new ConsulDiscoveryProperties(), Map.of());
	}

}
