package io.grpckit.discovery.autoconfigure.etcd;

import java.util.List;

import io.etcd.jetcd.Client;
import io.grpc.NameResolverRegistry;
import io.grpckit.client.GrpcChannelFactory;
import io.grpckit.client.autoconfigure.GrpcClientAutoConfiguration;
import io.grpckit.discovery.DiscoveryNameResolverProvider;
import io.grpckit.discovery.RegistrationLifecycle;
import io.grpckit.discovery.ServiceRegistration;
import io.grpckit.discovery.autoconfigure.DiscoveryAutoConfiguration;
import io.grpckit.discovery.autoconfigure.consul.ConsulDiscoveryAutoConfiguration;
import io.grpckit.discovery.etcd.EtcdConnectionDetails;
import io.grpckit.discovery.etcd.EtcdNameResolverProvider;
import io.grpckit.discovery.etcd.EtcdServiceRegistration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link EtcdDiscoveryAutoConfiguration}: no etcd needed, the client connects lazily.
 */
class EtcdDiscoveryAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EtcdDiscoveryAutoConfiguration.class,
				ConsulDiscoveryAutoConfiguration.class, DiscoveryAutoConfiguration.class,
				GrpcClientAutoConfiguration.class));

	@Test
	void offWithoutEndpoints() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(Client.class)
			.doesNotHaveBean(ServiceRegistration.class)
			.doesNotHaveBean(RegistrationLifecycle.class)
			.doesNotHaveBean(DiscoveryNameResolverProvider.class));
	}

	@Test
	void endpointsSwitchRegistrationAndResolversOn() {
		this.contextRunner.withPropertyValues("grpckit.discovery.etcd.endpoints=http://127.0.0.1:1")
			.run((context) -> {
				assertThat(context).hasSingleBean(Client.class)
					.hasSingleBean(EtcdServiceRegistration.class)
					.hasSingleBean(EtcdNameResolverProvider.class)
					.hasSingleBean(RegistrationLifecycle.class)
					.hasSingleBean(DiscoveryNameResolverProvider.class);
				assertThat(context.getBean(EtcdConnectionDetails.class).getEndpoints())
					.containsExactly("http://127.0.0.1:1");
				assertThat(context.getBean(DiscoveryNameResolverProvider.class).getBackendScheme()).isEqualTo("etcd");
				assertThat(NameResolverRegistry.getDefaultRegistry().getProviderForScheme("etcd")).isNotNull();
				assertThat(NameResolverRegistry.getDefaultRegistry().getProviderForScheme("discovery")).isNotNull();
			});
		assertThat(NameResolverRegistry.getDefaultRegistry().getProviderForScheme("etcd")).isNull();
	}

	@Test
	void channelTargetsWithTheEtcdSchemePassStartupChecks() {
		this.contextRunner
			.withPropertyValues("grpckit.discovery.etcd.endpoints=http://127.0.0.1:1",
					"grpckit.client.channel.a.target=etcd:///echo", "grpckit.client.channel.b.target=discovery:///echo")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(GrpcChannelFactory.class).createChannel("a").authority()).isEqualTo("echo");
			});
	}

	@Test
	void connectionDetailsBeanAloneSwitchesEtcdOn() {
		EtcdConnectionDetails details = () -> List.of("http://127.0.0.1:2");
		this.contextRunner.withBean(EtcdConnectionDetails.class, () -> details).run((context) -> {
			assertThat(context).hasSingleBean(Client.class);
			assertThat(context.getBean(EtcdConnectionDetails.class)).isSameAs(details);
		});
	}

	@Test
	void backsOffForUserBeans() {
		EtcdServiceRegistration registration = new EtcdServiceRegistration(Client.builder().endpoints("http://127.0.0.1:3").build(),
				"/x", java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(1),
				new io.grpckit.discovery.internal.Backoff(java.time.Duration.ofMillis(1), java.time.Duration.ofMillis(2)));
		this.contextRunner.withPropertyValues("grpckit.discovery.etcd.endpoints=http://127.0.0.1:1")
			.withBean(EtcdServiceRegistration.class, () -> registration)
			.run((context) -> assertThat(context.getBean(EtcdServiceRegistration.class)).isSameAs(registration));
		registration.close();
	}

	@Test
	void disabled() {
		this.contextRunner
			.withPropertyValues("grpckit.discovery.etcd.endpoints=http://127.0.0.1:1",
					"grpckit.discovery.etcd.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(Client.class).doesNotHaveBean(ServiceRegistration.class));
	}

	@Test
	void registrationOffKeepsTheResolver() {
		this.contextRunner
			.withPropertyValues("grpckit.discovery.etcd.endpoints=http://127.0.0.1:1",
					"grpckit.discovery.registration.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ServiceRegistration.class)
				.doesNotHaveBean(RegistrationLifecycle.class)
				.hasSingleBean(EtcdNameResolverProvider.class));
	}

	@Test
	void offWithoutJetcd() {
		this.contextRunner.withPropertyValues("grpckit.discovery.etcd.endpoints=http://127.0.0.1:1")
			.withClassLoader(new FilteredClassLoader(Client.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(ServiceRegistration.class)
				.doesNotHaveBean(EtcdNameResolverProvider.class));
	}

	@Test
	void propertiesReachTheRegistration() {
		this.contextRunner
			.withPropertyValues("grpckit.discovery.etcd.endpoints=http://127.0.0.1:1", "grpckit.discovery.etcd.ttl=3",
					"spring.application.name=orders", "grpckit.discovery.instance-id=orders-7",
					"grpckit.discovery.host=10.1.2.3", "grpckit.discovery.zone=eu-1",
					"grpckit.discovery.metadata.team=core")
			.run((context) -> {
				RegistrationLifecycle lifecycle = context.getBean(RegistrationLifecycle.class);
				assertThat(lifecycle.getTemplate().serviceName()).isEqualTo("orders");
				assertThat(lifecycle.getTemplate().instanceId()).isEqualTo("orders-7");
				assertThat(lifecycle.getTemplate().host()).isEqualTo("10.1.2.3");
				assertThat(lifecycle.getTemplate().metadata()).containsEntry("zone", "eu-1").containsEntry("team", "core");
				assertThat(context.getBean(EtcdServiceRegistration.class).getTtl()).hasSeconds(3);
			});
	}

	@Test
	void defaultsGiveAStableIdAndANonEmptyHost() {
		this.contextRunner.withPropertyValues("grpckit.discovery.etcd.endpoints=http://127.0.0.1:1")
			.run((context) -> {
				RegistrationLifecycle lifecycle = context.getBean(RegistrationLifecycle.class);
				assertThat(lifecycle.getTemplate().serviceName()).isEqualTo("application");
				assertThat(lifecycle.getTemplate().instanceId()).startsWith("application-");
				assertThat(lifecycle.getTemplate().host()).isNotBlank();
				assertThat(context.getBean(EtcdServiceRegistration.class).getTtl()).hasSeconds(10);
			});
	}

}
