package io.grpckit.discovery.cloud;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.Status;
import io.grpc.StatusOr;
import io.grpc.SynchronizationContext;
import io.grpckit.discovery.internal.Backoff;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cloud.client.discovery.event.HeartbeatEvent;

import static io.grpckit.discovery.cloud.SwitchableDiscoveryClient.instance;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link SpringCloudNameResolver} through its provider, against a
 * {@link SwitchableDiscoveryClient}: which port is used, what is skipped, when it looks up
 * again and what the channel's listener is told.
 */
@ExtendWith(OutputCaptureExtension.class)
class SpringCloudNameResolverTests {

	private static final Duration DEADLINE = Duration.ofSeconds(20);

	private final SwitchableDiscoveryClient client = new SwitchableDiscoveryClient();

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

	private final SynchronizationContext syncContext = new SynchronizationContext(
			(thread, failure) -> failure.printStackTrace());

	private final List<StatusOr<List<EquivalentAddressGroup>>> results = new CopyOnWriteArrayList<>();

	private final List<AutoCloseable> resources = new ArrayList<>();

	@AfterEach
	void close() throws Exception {
		for (AutoCloseable resource : this.resources) {
			resource.close();
		}
		this.scheduler.shutdownNow();
	}

	@Test
	void usesGrpcPortMetadataThenTheLegacyKeyThenThePort() {
		this.client.instances = List.of(instance("a", 1001, Map.of("gRPC_port", "2001")),
				instance("b", 1002, Map.of("gRPC.port", "2002")), instance("c", 1003, Map.of()));
		start(provider(Duration.ofHours(1)));
		await().atMost(DEADLINE).until(() -> this.results.size() == 1);
		assertThat(ports(0)).containsExactly(2001, 2002, 1003);
	}

	@Test
	void skipsAnInstanceWhoseGrpcPortIsNotANumberWithOneWarning(CapturedOutput output) {
		this.client.instances = List.of(instance("good", 1001, Map.of()),
				instance("bad", 1002, Map.of("gRPC_port", "grpc")));
		NameResolver resolver = start(provider(Duration.ofHours(1)));
		await().atMost(DEADLINE).until(() -> this.results.size() == 1);
		assertThat(ports(0)).containsExactly(1001);
		for (int i = 2; i <= 4; i++) {
			refreshAndWaitForLookup(resolver, i);
		}
		await().atMost(DEADLINE)
			.untilAsserted(() -> assertThat(output.getAll()).contains("skipping instance bad because its gRPC_port"));
		assertThat(output.getAll().split("skipping instance bad", -1)).hasSize(2);
	}

	@Test
	void tellsTheChannelOnlyWhenIdHostPortOrMetadataChanged() {
		this.client.instances = List.of(instance("a", 1001, Map.of("zone", "z1")));
		NameResolver resolver = start(provider(Duration.ofHours(1)));
		await().atMost(DEADLINE).until(() -> this.results.size() == 1);
		refreshAndWaitForLookup(resolver, 2);
		this.client.instances = List.of(instance("a", 1001, Map.of("zone", "z1")));
		refreshAndWaitForLookup(resolver, 3);
		assertThat(this.results).hasSize(1);

		this.client.instances = List.of(instance("a", 1001, Map.of("zone", "z2")));
		refreshAndWaitForLookup(resolver, 4);
		await().atMost(DEADLINE).until(() -> this.results.size() == 2);
		this.client.instances = List.of(instance("a2", 1001, Map.of("zone", "z2")));
		refreshAndWaitForLookup(resolver, 5);
		await().atMost(DEADLINE).until(() -> this.results.size() == 3);
		this.client.instances = List.of(instance("a2", 1002, Map.of("zone", "z2")));
		refreshAndWaitForLookup(resolver, 6);
		await().atMost(DEADLINE).until(() -> this.results.size() == 4);
		assertThat(ports(3)).containsExactly(1002);
	}

	@Test
	void looksUpAgainOnAHeartbeatWithANewValueOnly() {
		SpringCloudNameResolverProvider provider = provider(Duration.ofHours(1));
		this.client.instances = List.of(instance("a", 1001, Map.of()));
		start(provider);
		await().atMost(DEADLINE).until(() -> this.results.size() == 1);
		provider.onApplicationEvent(new HeartbeatEvent(this, 1L));
		await().atMost(DEADLINE).until(() -> this.client.lookups.get() == 2);
		this.client.instances = List.of(instance("b", 1002, Map.of()));
		// the same value again: Spring Cloud's rule, nothing changed
		provider.onApplicationEvent(new HeartbeatEvent(this, 1L));
		provider.onApplicationEvent(new HeartbeatEvent(this, 2L));
		await().atMost(DEADLINE).until(() -> this.results.size() == 2);
		assertThat(this.client.lookups.get()).isEqualTo(3);
		assertThat(ports(1)).containsExactly(1002);
	}

	@Test
	void looksUpAgainEveryRefreshInterval() {
		this.client.instances = List.of(instance("a", 1001, Map.of()));
		start(provider(Duration.ofMillis(50)));
		await().atMost(DEADLINE).until(() -> this.client.lookups.get() >= 3);
		this.client.instances = List.of(instance("b", 1002, Map.of()));
		await().atMost(DEADLINE).until(() -> this.results.size() == 2);
	}

	@Test
	void keepsTheLastGoodListWhileTheClientThrowsAndRetries() {
		this.client.instances = List.of(instance("a", 1001, Map.of()));
		NameResolver resolver = start(provider(Duration.ofHours(1)));
		await().atMost(DEADLINE).until(() -> this.results.size() == 1);
		this.client.failing = new IllegalStateException("registry down");
		this.syncContext.execute(resolver::refresh);
		// retried with backoff, not only when the channel asks
		await().atMost(DEADLINE).until(() -> this.client.lookups.get() >= 4);
		assertThat(this.results).hasSize(1);
		this.client.instances = List.of(instance("b", 1002, Map.of()));
		this.client.failing = null;
		await().atMost(DEADLINE).until(() -> this.results.size() == 2);
		assertThat(ports(1)).containsExactly(1002);
	}

	@Test
	void reportsUnavailableWhenTheFirstLookupFails() {
		this.client.failing = new IllegalStateException("registry down");
		start(provider(Duration.ofHours(1)));
		await().atMost(DEADLINE).until(() -> !this.results.isEmpty());
		Status status = this.results.get(0).getStatus();
		assertThat(status.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
		assertThat(status.getDescription()).isEqualTo("DiscoveryClient lookup of echo failed");
	}

	private void refreshAndWaitForLookup(NameResolver resolver, int lookups) {
		// the channel's refresh() is skipped while a lookup is under way: wait for it to end
		await().atMost(DEADLINE).until(() -> {
			this.syncContext.execute(resolver::refresh);
			return this.client.lookups.get() >= lookups;
		});
	}

	private SpringCloudNameResolverProvider provider(Duration refreshInterval) {
		SpringCloudNameResolverProvider provider = new SpringCloudNameResolverProvider(() -> this.client,
				refreshInterval, new Backoff(Duration.ofMillis(20), Duration.ofMillis(100)));
		this.resources.add(provider);
		return provider;
	}

	private NameResolver start(SpringCloudNameResolverProvider provider) {
		NameResolver.Args args = NameResolver.Args.newBuilder()
			.setDefaultPort(443)
			.setProxyDetector((address) -> null)
			.setSynchronizationContext(this.syncContext)
			.setScheduledExecutorService(this.scheduler)
			.setServiceConfigParser(new NameResolver.ServiceConfigParser() {

				@Override
				public NameResolver.ConfigOrError parseServiceConfig(Map<String, ?> rawServiceConfig) {
					return NameResolver.ConfigOrError.fromConfig(rawServiceConfig);
				}

			})
			.build();
		NameResolver resolver = provider.newNameResolver(URI.create("spring-cloud:///echo"), args);
		this.resources.add(() -> this.syncContext.execute(resolver::shutdown));
		this.syncContext.execute(() -> resolver.start(new NameResolver.Listener2() {

			@Override
			public void onResult(NameResolver.ResolutionResult result) {
				SpringCloudNameResolverTests.this.results.add(result.getAddressesOrError());
			}

			@Override
			public void onError(Status error) {
				SpringCloudNameResolverTests.this.results.add(StatusOr.fromStatus(error));
			}

		}));
		return resolver;
	}

	private List<Integer> ports(int result) {
		return this.results.get(result)
			.getValue()
			.stream()
			.map((group) -> ((InetSocketAddress) group.getAddresses().get(0)).getPort())
			.toList();
	}

}
