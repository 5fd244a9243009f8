package io.grpckit.actuate.autoconfigure;

import java.util.List;

import io.grpckit.actuate.endpoint.GrpcRegistrationStateProvider;
import io.grpckit.actuate.endpoint.RegistrationEndpoint;
import io.grpckit.discovery.RegistrationState;
import io.grpckit.discovery.ServiceRegistration;
import io.grpckit.discovery.autoconfigure.DiscoveryAutoConfiguration;
import io.grpckit.discovery.testsupport.RecordingServiceRegistration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link GrpcRegistrationEndpointAutoConfiguration}: the pause/resume endpoint
 * and the registrations in the {@code grpc} endpoint, with a registration that records
 * what it is asked.
 */
class GrpcRegistrationEndpointAutoConfigurationTests {

	private final RecordingServiceRegistration registration = new RecordingServiceRegistration();

	private final ApplicationContextRunner withoutRegistrations = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DiscoveryAutoConfiguration.class,
				GrpcRegistrationEndpointAutoConfiguration.class))
		.withPropertyValues("spring.application.name=orders", "grpckit.discovery.host=127.0.0.1");

	private final ApplicationContextRunner unexposed = this.withoutRegistrations
		.withBean(ServiceRegistration.class, () -> this.registration);

	private final ApplicationContextRunner contextRunner = this.unexposed
		.withPropertyValues("management.endpoints.web.exposure.include=grpcregistration");

	@Test
	void endpointPausesAndResumes() {
		this.contextRunner.run((context) -> {
			RegistrationEndpoint endpoint = context.getBean(RegistrationEndpoint.class);
			endpoint.change("pause");
			assertThat(this.registration.state).isEqualTo(RegistrationState.PAUSED);
			endpoint.change("resume");
			assertThat(this.registration.state).isEqualTo(RegistrationState.REGISTERED);
			assertThat(endpoint.registrations()).containsKey("recording");
		});
	}

	@Test
	void registrationsShowInTheGrpcEndpoint() {
		this.contextRunner.run((context) -> {
			this.registration.state = RegistrationState.PAUSED;
			assertThat(context.getBean(GrpcRegistrationStateProvider.class).registrations())
				.singleElement()
				.satisfies((descriptor) -> {
					assertThat(descriptor.registry()).isEqualTo("recording");
					assertThat(descriptor.state()).isEqualTo("PAUSED");
				});
		});
	}

	@Test
	void endpointAbsentUnlessExposedButRegistrationsStillShowInTheGrpcEndpoint() {
		this.unexposed.run((context) -> assertThat(context).doesNotHaveBean(RegistrationEndpoint.class)
			.hasSingleBean(GrpcRegistrationStateProvider.class));
	}

	@Test
	void backsOffForUserEndpoint() {
		RegistrationEndpoint mine = new RegistrationEndpoint(List.of());
		this.contextRunner.withBean(RegistrationEndpoint.class, () -> mine)
			.run((context) -> assertThat(context.getBean(RegistrationEndpoint.class)).isSameAs(mine));
	}

	@Test
	void offWhenTheEndpointIsDisabled() {
		this.contextRunner.withPropertyValues("management.endpoint.grpcregistration.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(RegistrationEndpoint.class));
	}

	@Test
	void offWithoutRegistrations() {
		this.withoutRegistrations.withPropertyValues("management.endpoints.web.exposure.include=grpcregistration")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(RegistrationEndpoint.class)
				.doesNotHaveBean(GrpcRegistrationStateProvider.class));
	}

	@Test
	void offWithoutActuator() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(RegistrationEndpoint.class)
				.doesNotHaveBean(GrpcRegistrationStateProvider.class));
	}

}
