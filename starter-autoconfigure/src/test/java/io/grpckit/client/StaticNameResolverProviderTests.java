package io.grpckit.client;

import org.junit.jupiter.api.Test;

import io.grpckit.client.StaticNameResolverProvider.HostAndPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link StaticNameResolverProvider}.
 */
class StaticNameResolverProviderTests {

	@Test
	void parsesHostsPortsAndIpv6Literals() {
		assertThat(StaticNameResolverProvider.parse("a:1, b.example:2,[::1]:9090")).containsExactly(
				new HostAndPort("a", 1), new HostAndPort("b.example", 2), new HostAndPort("::1", 9090));
		assertThat(new HostAndPort("::1", 9090)).hasToString("[::1]:9090");
	}

	@Test
	void rejectsMissingOrInvalidPorts() {
		assertThatIllegalArgumentException().isThrownBy(() -> StaticNameResolverProvider.parse("a"));
		assertThatIllegalArgumentException().isThrownBy(() -> StaticNameResolverProvider.parse("a:"));
		assertThatIllegalArgumentException().isThrownBy(() -> StaticNameResolverProvider.parse("a:http"));
		assertThatIllegalArgumentException().isThrownBy(() -> StaticNameResolverProvider.parse("a:70000"));
		assertThatIllegalArgumentException().isThrownBy(() -> StaticNameResolverProvider.parse(""));
	}

	@Test
	void movesTheAddressListToThePathForGrpcJava() {
		assertThat(StaticNameResolverProvider.toGrpcTarget("static://a:1,b:2")).isEqualTo("static:///a:1,b:2");
		assertThat(StaticNameResolverProvider.toGrpcTarget("static:///a:1")).isEqualTo("static:///a:1");
		assertThat(StaticNameResolverProvider.toGrpcTarget("dns:///a:1")).isEqualTo("dns:///a:1");
		assertThat(StaticNameResolverProvider.toGrpcTarget("a:1")).isEqualTo("a:1");
	}

}
