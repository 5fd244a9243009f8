package io.grpckit.internal.aot;

import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.AotServices;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The providers grpc-java loads with {@code ServiceLoader} are kept for a native image:
 * their {@code META-INF/services} files as resources, each listed class's public
 * constructor.
 */
class GrpcServiceProvidersRuntimeHintsTests {

	@Test
	void isListedInAotFactories() {
		assertThat(AotServices.factories().load(RuntimeHintsRegistrar.class))
			.anyMatch(GrpcServiceProvidersRuntimeHints.class::isInstance);
	}

	@Test
	void keepsTheServiceFilesAndTheProvidersTheyList() {
		RuntimeHints hints = new RuntimeHints();
		new GrpcServiceProvidersRuntimeHints().registerHints(hints, getClass().getClassLoader());
		for (String service : GrpcServiceProvidersRuntimeHints.SERVICES) {
			assertThat(RuntimeHintsPredicates.resource().forResource("META-INF/services/" + service)).accepts(hints);
		}
		// grpc-core's dns: resolver and pick_first, grpc-netty-shaded's transports
		for (String provider : new String[] { "io.grpc.internal.DnsNameResolverProvider",
				"io.grpc.internal.PickFirstLoadBalancerProvider",
				"io.grpc.netty.shaded.io.grpc.netty.NettyChannelProvider",
				"io.grpc.netty.shaded.io.grpc.netty.NettyServerProvider" }) {
			assertThat(RuntimeHintsPredicates.reflection()
				.onType(TypeReference.of(provider))
				.withMemberCategory(MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS)).as(provider).accepts(hints);
		}
	}

}
