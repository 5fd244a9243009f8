package io.grpckit.discovery.autoconfigure.kubernetes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.grpc.NameResolverRegistry;
import io.grpckit.client.GrpcChannelFactory;
import io.grpckit.client.autoconfigure.GrpcClientAutoConfiguration;
import io.grpckit.discovery.DiscoveryNameResolverProvider;
import io.grpckit.discovery.autoconfigure.DiscoveryAutoConfiguration;
import io.grpckit.discovery.autoconfigure.consul.ConsulDiscoveryAutoConfiguration;
import io.grpckit.discovery.autoconfigure.etcd.EtcdDiscoveryAutoConfiguration;
import io.grpckit.discovery.internal.Backoff;
import io.grpckit.discovery.kubernetes.KubernetesNameResolverProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link KubernetesDiscoveryAutoConfiguration}: no API server needed, nothing connects before
 * a channel resolves.
 */
class KubernetesDiscoveryAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(KubernetesDiscoveryAutoConfiguration.class,
				EtcdDiscoveryAutoConfiguration.class, ConsulDiscoveryAutoConfiguration.class,
				DiscoveryAutoConfiguration.class, GrpcClientAutoConfiguration.class));

	private final ApplicationContextRunner switchedOn = this.contextRunner
		.withPropertyValues("grpckit.discovery.kubernetes.enabled=true");

	@Test
	void onKubernetesResolverRegisteredWhileTheContextRunsWithoutCreatingAClient() {
		this.contextRunner
			.withPropertyValues("spring.main.cloud-platform=kubernetes",
					"grpckit.client.channel.a.target=kubernetes:///greeter.shop:grpc")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(KubernetesNameResolverProvider.class);
				assertThat(NameResolverRegistry.getDefaultRegistry().getProviderForScheme("kubernetes")).isNotNull();
				assertThat(context.getBean(LazyKubernetesClient.class).isCreated()).isFalse();
				assertThat(context.getBean(GrpcChannelFactory.class).createChannel("a").authority())
					.isEqualTo("greeter");
				// discovery:/// means a registry unless kubernetes is chosen
				assertThat(context.getBeanProvider(DiscoveryNameResolverProvider.class).getIfAvailable()).isNull();
			});
		assertThat(NameResolverRegistry.getDefaultRegistry().getProviderForScheme("kubernetes")).isNull();
	}

	@Test
	void configuredRegistryKeepsDiscoveryUnlessKubernetesIsChosen() {
		this.contextRunner.withPropertyValues("grpckit.discovery.etcd.endpoints=http://127.0.0.1:1")
			.run((context) -> assertThat(context.getBean(DiscoveryNameResolverProvider.class).getBackendScheme())
				.isEqualTo("etcd"));
		this.switchedOn
			.withPropertyValues("grpckit.discovery.etcd.endpoints=http://127.0.0.1:1",
					"grpckit.discovery.backend=kubernetes")
			.run((context) -> assertThat(context.getBean(DiscoveryNameResolverProvider.class).getBackendScheme())
				.isEqualTo("kubernetes"));
	}

	@Test
	void offOutsideKubernetesWhenDisabledOrWithoutFabric8() {
		// decided at start-up (a null bean), so that a Spring AOT build keeps the choice open
		this.contextRunner.run((context) -> {
			assertThat(context.getBeanProvider(KubernetesNameResolverProvider.class).getIfAvailable()).isNull();
			assertThat(NameResolverRegistry.getDefaultRegistry().getProviderForScheme("kubernetes")).isNull();
		});
		this.contextRunner
			.withPropertyValues("spring.main.cloud-platform=kubernetes", "grpckit.discovery.kubernetes.enabled=false")
			.run((context) -> {
				assertThat(context.getBeanProvider(KubernetesNameResolverProvider.class).getIfAvailable()).isNull();
				assertThat(context.getBeanProvider(DiscoveryNameResolverProvider.class).getIfAvailable()).isNull();
			});
		this.contextRunner.withPropertyValues("grpckit.discovery.kubernetes.api-url=http://127.0.0.1:1")
			.run((context) -> assertThat(context).hasSingleBean(KubernetesNameResolverProvider.class));
		this.switchedOn.withClassLoader(new FilteredClassLoader(KubernetesClient.class))
			.run((context) -> assertThat(context).doesNotHaveBean(KubernetesNameResolverProvider.class));
	}

	@Test
	void backsOffForAUserProvider() {
		KubernetesNameResolverProvider user = new KubernetesNameResolverProvider(() -> {
			throw new IllegalStateException("not used");
		}, "shop", new Backoff(Duration.ofMillis(10), Duration.ofMillis(10)));
		this.switchedOn.withBean(KubernetesNameResolverProvider.class, () -> user)
			.run((context) -> assertThat(context.getBean(KubernetesNameResolverProvider.class)).isSameAs(user));
	}

	@Test
	void usesTheApplicationsClientAndLeavesItOpen() {
		KubernetesClient user = new KubernetesClientBuilder()
			.withConfig(Config.empty())
			.build();
		try {
			this.switchedOn.withBean(KubernetesClient.class, () -> user).run((context) -> {
				LazyKubernetesClient lazy = context.getBean(LazyKubernetesClient.class);
				assertThat(lazy.get()).isSameAs(user);
				// the application's bean is the application's to close
				lazy.destroy();
				assertThat(user.getHttpClient().isClosed()).isFalse();
			});
		}
		finally {
			user.close();
		}
	}

	@Test
	void propertiesShapeTheClientConfiguration(@TempDir Path directory) throws Exception {
		Path token = Files.writeString(directory.resolve("token"), "first\n");
		this.contextRunner
			.withPropertyValues("grpckit.discovery.kubernetes.api-url=https://10.0.0.1:6443",
					"grpckit.discovery.kubernetes.namespace=shop",
					"grpckit.discovery.kubernetes.token-file=" + token,
					"grpckit.discovery.kubernetes.ca-file=/etc/k8s/ca.crt",
					"grpckit.discovery.kubernetes.trust-certificates=true",
					"grpckit.discovery.kubernetes.connect-timeout=3s")
			.run((context) -> {
				Config config = LazyKubernetesClient
					.config(LazyKubernetesClient.Settings.of(context.getBean(KubernetesDiscoveryProperties.class)));
				assertThat(config.getMasterUrl()).isEqualTo("https://10.0.0.1:6443/");
				assertThat(config.getNamespace()).isEqualTo("shop");
				assertThat(config.getCaCertFile()).isEqualTo("/etc/k8s/ca.crt");
				assertThat(config.isTrustCerts()).isTrue();
				assertThat(config.getConnectionTimeout()).isEqualTo(3000);
				assertThat(config.getOauthTokenProvider().getToken()).isEqualTo("first");
				Files.writeString(token, "rotated");
				assertThat(config.getOauthTokenProvider().getToken()).isEqualTo("rotated");
			});
	}

	@Test
	void invalidConnectTimeoutFailsStartupNamingTheProperty() {
		this.switchedOn.withPropertyValues("grpckit.discovery.kubernetes.connect-timeout=0s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("connect-timeout")
				.hasMessageContaining("must be greater than 0s"));
	}

}
