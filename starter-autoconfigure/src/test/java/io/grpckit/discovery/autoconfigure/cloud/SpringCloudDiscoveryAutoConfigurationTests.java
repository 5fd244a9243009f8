package io.grpckit.discovery.autoconfigure.cloud;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.grpckit.discovery.DiscoveryNameResolverProvider;
import io.grpckit.discovery.autoconfigure.DiscoveryAutoConfiguration;
import io.grpckit.discovery.cloud.GrpcPortRegistrationListener;
import io.grpckit.discovery.cloud.SpringCloudNameResolverProvider;
import io.grpckit.discovery.cloud.SwitchableDiscoveryClient;
import io.grpckit.discovery.internal.Backoff;
import io.grpckit.server.GrpcServerStartedEvent;
import io.grpckit.testsupport.FakeNameResolverProvider;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.client.serviceregistry.Registration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SpringCloudDiscoveryAutoConfiguration}: the {@code spring-cloud:///} resolver only
 * with a {@link DiscoveryClient} bean, the port listener, what {@code discovery:///} uses,
 * and backing off.
 */
class SpringCloudDiscoveryAutoConfigurationTests {

	private final SwitchableDiscoveryClient client = new SwitchableDiscoveryClient();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SpringCloudDiscoveryAutoConfiguration.class,
				DiscoveryAutoConfiguration.class));

	@Test
	void resolverWithADiscoveryClientWhichIsNotAskedAtStartUp() {
		this.contextRunner.withBean(DiscoveryClient.class, () -> this.client).run((context) -> {
			assertThat(context).hasSingleBean(SpringCloudNameResolverProvider.class)
				.hasSingleBean(GrpcPortRegistrationListener.class);
			assertThat(context.getBean(SpringCloudNameResolverProvider.class).getDefaultScheme())
				.isEqualTo("spring-cloud");
			assertThat(this.client.lookups).hasValue(0);
		});
	}

	@Test
	void noResolverWithoutADiscoveryClient() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(SpringCloudNameResolverProvider.class)
			.doesNotHaveBean(DiscoveryNameResolverProvider.class)
			.hasSingleBean(GrpcPortRegistrationListener.class));
	}

	@Test
	void nothingWithoutSpringCloudCommons() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(DiscoveryClient.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(SpringCloudNameResolverProvider.class)
				.doesNotHaveBean(GrpcPortRegistrationListener.class));
	}

	@Test
	void nothingWhenDisabled() {
		this.contextRunner.withBean(DiscoveryClient.class, () -> this.client)
			.withPropertyValues("grpckit.discovery.cloud.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(SpringCloudNameResolverProvider.class)
				.doesNotHaveBean(GrpcPortRegistrationListener.class));
	}

	@Test
	void noPortListenerWhenSwitchedOff() {
		this.contextRunner.withPropertyValues("grpckit.discovery.cloud.register-port=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(GrpcPortRegistrationListener.class));
	}

	@Test
	void backsOffForAUserResolver() {
		SpringCloudNameResolverProvider mine = new SpringCloudNameResolverProvider(() -> this.client,
				Duration.ofSeconds(1), new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1)));
		this.contextRunner.withBean(DiscoveryClient.class, () -> this.client)
			.withBean(SpringCloudNameResolverProvider.class, () -> mine)
			.run((context) -> assertThat(context.getBean(SpringCloudNameResolverProvider.class)).isSameAs(mine));
	}

	@Test
	void discoveryTargetsUseSpringCloudWhenItIsTheOnlyBackend() {
		this.contextRunner.withBean(DiscoveryClient.class, () -> this.client)
			.run((context) -> assertThat(context.getBean(DiscoveryNameResolverProvider.class).getBackendScheme())
				.isEqualTo("spring-cloud"));
	}

	@Test
	void discoveryTargetsPreferAKitBackendUnlessSpringCloudIsChosen() {
		ApplicationContextRunner withConsul = this.contextRunner.withBean(DiscoveryClient.class, () -> this.client)
			.withBean("consul", FakeNameResolverProvider.class, () -> new FakeNameResolverProvider("consul", List.of()));
		withConsul.run((context) -> assertThat(context.getBean(DiscoveryNameResolverProvider.class).getBackendScheme())
			.isEqualTo("consul"));
		withConsul.withPropertyValues("grpckit.discovery.backend=spring-cloud")
			.run((context) -> assertThat(context.getBean(DiscoveryNameResolverProvider.class).getBackendScheme())
				.isEqualTo("spring-cloud"));
	}

	@Test
	void boundPortLandsInTheRegistrationMetadata() {
		TestRegistration registration = new TestRegistration(new HashMap<>(Map.of("team", "blue")));
		this.contextRunner.withBean(Registration.class, () -> registration).run((context) -> {
			context.publishEvent(new GrpcServerStartedEvent(this, 4567, List.of(), List.of("a.A")));
			assertThat(registration.getMetadata()).containsEntry("gRPC_port", "4567").containsEntry("team", "blue");
		});
	}

	@Test
	void inProcessOnlyServerAndImmutableMetadataAddNothingAndDoNotFail() {
		TestRegistration mutable = new TestRegistration(new HashMap<>());
		TestRegistration immutable = new TestRegistration(Map.of());
		this.contextRunner.withBean("mutable", Registration.class, () -> mutable)
			.withBean("immutable", Registration.class, () -> immutable)
			.run((context) -> {
				context.publishEvent(new GrpcServerStartedEvent(this, -1, List.of(), List.of("a.A")));
				assertThat(mutable.getMetadata()).isEmpty();
				context.publishEvent(new GrpcServerStartedEvent(this, 4567, List.of(), List.of("a.A")));
				assertThat(mutable.getMetadata()).containsEntry("gRPC_port", "4567");
				assertThat(immutable.getMetadata()).isEmpty();
			});
	}

	@Test
	void refreshIntervalMustBePositive() {
		this.contextRunner.withPropertyValues("grpckit.discovery.cloud.refresh-interval=0s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("grpckit.discovery.cloud.refresh-interval"));
	}

	@Test
	void propertiesBind() {
		SpringCloudDiscoveryProperties properties = new Binder(
				new MapConfigurationPropertySource(Map.of("grpckit.discovery.cloud.refresh-interval", "5s",
						"grpckit.discovery.cloud.register-port", "false")))
			.bind("grpckit.discovery.cloud", SpringCloudDiscoveryProperties.class)
			.get();
		assertThat(properties.getRefreshInterval()).isEqualTo(Duration.ofSeconds(5));
		assertThat(properties.isRegisterPort()).isFalse();
		assertThat(new SpringCloudDiscoveryProperties().getRefreshInterval()).isEqualTo(Duration.ofSeconds(30));
	}

	private static final class TestRegistration extends DefaultServiceInstance implements Registration {

		TestRegistration(Map<String, String> metadata) {
			super("echo-1", "echo", "127.0.0.1", 8080, false, metadata);
		}

	}

}
