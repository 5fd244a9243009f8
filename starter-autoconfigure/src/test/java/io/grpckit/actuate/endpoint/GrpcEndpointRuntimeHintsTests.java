package io.grpckit.actuate.endpoint;

import io.grpckit.discovery.RegistrationStatus;
import io.grpckit.server.limits.GrpcServerLimits;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.annotation.ReflectiveRuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code grpc} and {@code grpcregistration} endpoints in a native image: their
 * operations are {@code @Reflective} through Boot's operation annotations, which register
 * the operation methods and, for JSON, the records they return down to the last nested one.
 * Nothing of the kit's is needed for that as long as operations return types, not
 * {@code Object}; this test keeps it so.
 */
class GrpcEndpointRuntimeHintsTests {

	@Test
	void grpcEndpointOperationAndEveryDescriptorItReturns() {
		RuntimeHints hints = new RuntimeHints();
		new ReflectiveRuntimeHintsRegistrar().registerRuntimeHints(hints, GrpcEndpoint.class);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(GrpcEndpoint.class, "grpc")).accepts(hints);
		for (Class<?> descriptor : new Class<?>[] { GrpcEndpoint.GrpcDescriptor.class,
				GrpcEndpoint.ServerDescriptor.class, GrpcEndpoint.ServiceDescriptor.class,
				GrpcEndpoint.MethodDescriptor.class, GrpcEndpoint.InterceptorDescriptor.class,
				GrpcEndpoint.ChannelDescriptor.class, GrpcEndpoint.CircuitBreakerDescriptor.class,
				GrpcEndpoint.RegistrationDescriptor.class, GrpcServerLimits.LimitState.class }) {
			assertThat(RuntimeHintsPredicates.reflection().onType(descriptor)).as(descriptor.getName()).accepts(hints);
		}
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(GrpcEndpoint.ServerDescriptor.class, "ports"))
			.accepts(hints);
	}

	@Test
	void registrationEndpointOperationsAndTheStatusTheyReturn() {
		RuntimeHints hints = new RuntimeHints();
		new ReflectiveRuntimeHintsRegistrar().registerRuntimeHints(hints, RegistrationEndpoint.class);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(RegistrationEndpoint.class, "registrations"))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(RegistrationEndpoint.class, "change"))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(RegistrationStatus.class)).accepts(hints);
	}

}
