package io.grpckit.discovery.autoconfigure.consul;

import java.net.URI;

import io.grpckit.client.autoconfigure.GrpcClientAutoConfiguration;
import io.grpckit.discovery.DiscoveryNameResolverProvider;
import io.grpckit.discovery.RegistrationLifecycle;
import io.grpckit.discovery.ServiceRegistration;
import io.grpckit.discovery.autoconfigure.DiscoveryAutoConfiguration;
import io.grpckit.discovery.autoconfigure.etcd.EtcdDiscoveryAutoConfiguration;
import io.grpckit.discovery.consul.ConsulConnectionDetails;
import io.grpckit.discovery.consul.ConsulNameResolverProvider;
import io.grpckit.discovery.consul.ConsulServiceRegistration;
import io.grpckit.discovery.consul.internal.ConsulClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ConsulDiscoveryAutoConfiguration}, and the choice of backend for
 * {@code discovery:///}.
 */
class ConsulDiscoveryAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EtcdDiscoveryAutoConfiguration.class,
				ConsulDiscoveryAutoConfiguration.class, DiscoveryAutoConfiguration.class,
				GrpcClientAutoConfiguration.class));

	@Test
	void offWithoutUrl() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(ConsulClient.class)
			.doesNotHaveBean(ServiceRegistration.class));
	}

	@Test
	void urlSwitchesRegistrationAndResolversOn() {
		this.contextRunner
			.withPropertyValues("grpckit.discovery.consul.url=http://127.0.0.1:8500",
					"grpckit.discovery.consul.token=t")
			.run((context) -> {
				assertThat(context).hasSingleBean(ConsulServiceRegistration.class)
					.hasSingleBean(ConsulNameResolverProvider.class)
					.hasSingleBean(RegistrationLifecycle.class);
				assertThat(context.getBean(ConsulConnectionDetails.class).getToken()).isEqualTo("t");
				assertThat(context.getBean(DiscoveryNameResolverProvider.class).getBackendScheme())
					.isEqualTo("consul");
			});
	}

	@Test
	void connectionDetailsBeanAloneSwitchesConsulOn() {
		ConsulConnectionDetails details = () -> URI.create("http://consul:8500");
		this.contextRunner.withBean(ConsulConnectionDetails.class, () -> details)
			.run((context) -> assertThat(context).hasSingleBean(ConsulClient.class)
				.getBean(ConsulConnectionDetails.class)
				.isSameAs(details));
	}

	@Test
	void backsOffForAUserClient() {
		ConsulClient client = new ConsulClient(() -> URI.create("http://other:8500"), java.time.Duration.ofSeconds(1));
		this.contextRunner.withPropertyValues("grpckit.discovery.consul.url=http://127.0.0.1:8500")
			.withBean(ConsulClient.class, () -> client)
			.run((context) -> assertThat(context.getBean(ConsulClient.class)).isSameAs(client));
	}

	@Test
	void disabled() {
		this.contextRunner
			.withPropertyValues("grpckit.discovery.consul.url=http://127.0.0.1:8500",
					"grpckit.discovery.consul.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ConsulClient.class));
	}

	@Test
	void offWithoutJackson() {
		this.contextRunner.withPropertyValues("grpckit.discovery.consul.url=http://127.0.0.1:8500")
			.withClassLoader(new FilteredClassLoader(JsonMapper.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ConsulClient.class));
	}

	@Test
	void propertiesShapeTheRegistration() {
		this.contextRunner
			.withPropertyValues("grpckit.discovery.consul.url=http://127.0.0.1:8500",
					"grpckit.discovery.consul.tags=a,b", "grpckit.discovery.consul.check-interval=3s",
					"grpckit.discovery.consul.deregister-critical-service-after=5m",
					"grpckit.discovery.consul.check-use-tls=true")
			.run((context) -> {
				var body = context.getBean(ConsulServiceRegistration.class)
					.body(new io.grpckit.discovery.ServiceInstance("s", "s-1", "10.0.0.1", 9090,
							java.util.Map.of("grpc.services", "x.Y")));
				assertThat(body).containsEntry("Tags", java.util.List.of("a", "b"));
				assertThat((java.util.Map<String, Object>) body.get("Check")).containsEntry("Interval", "3000ms")
					.containsEntry("DeregisterCriticalServiceAfter", "300000ms")
					.containsEntry("GRPC", "10.0.0.1:9090")
					.containsEntry("GRPCUseTLS", true);
				assertThat((java.util.Map<String, Object>) body.get("Meta")).containsEntry("gRPC_port", "9090")
					.containsEntry("grpc_services", "x.Y");
			});
	}

	@Test
	void bothBackendsNeedAChoiceForDiscoveryTargets() {
		this.contextRunner
			.withPropertyValues("grpckit.discovery.consul.url=http://127.0.0.1:8500",
					"grpckit.discovery.etcd.endpoints=http://127.0.0.1:1")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("grpckit.discovery.backend"));
		this.contextRunner
			.withPropertyValues("grpckit.discovery.consul.url=http://127.0.0.1:8500",
					"grpckit.discovery.etcd.endpoints=http://127.0.0.1:1", "grpckit.discovery.backend=consul")
			.run((context) -> assertThat(context.getBean(DiscoveryNameResolverProvider.class).getBackendScheme())
				.isEqualTo("consul"));
	}

}
