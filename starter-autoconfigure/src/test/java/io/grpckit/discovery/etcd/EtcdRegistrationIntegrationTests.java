package io.grpckit.discovery.etcd;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpckit.discovery.RegistrationState;
import io.grpckit.discovery.ServiceInstance;
import io.grpckit.discovery.internal.Backoff;
import io.grpckit.discovery.testsupport.DiscoveryTestApplication;
import io.grpckit.discovery.testsupport.EtcdExtension;
import io.grpckit.server.GrpcServerLifecycle;
import io.grpckit.server.GrpcServerStoppingEvent;
import io.grpckit.test.proto.EchoGrpc;
import io.grpckit.test.proto.EchoRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Registration in a real etcd: the key and its lease, removal at graceful stop before the
 * server refuses calls, expiry of an instance that stops renewing, and self-healing after
 * an etcd restart and a deleted key.
 */
class EtcdRegistrationIntegrationTests {

	private static final Duration TTL = Duration.ofSeconds(2);

	// generous: other builds may share the machine
	private static final Duration DEADLINE = Duration.ofSeconds(20);

	@RegisterExtension
	static final EtcdExtension etcd = new EtcdExtension();

	private final List<AutoCloseable> resources = new CopyOnWriteArrayList<>();

	@AfterEach
	void closeResources() throws Exception {
		for (AutoCloseable resource : this.resources) {
			resource.close();
		}
	}

	@Test
	void keyWithLeaseAppearsAfterStartAndGoesBeforeTheServerRefusesCalls() throws Exception {
		List<String> seenWhileStopping = new CopyOnWriteArrayList<>();
		ConfigurableApplicationContext context = DiscoveryTestApplication.start("graceful",
				"grpckit.discovery.etcd.endpoints=" + etcd.endpoint(), "grpckit.discovery.etcd.ttl=2",
				"grpckit.discovery.version=1.2.3", "grpckit.discovery.metadata.team=core");
		int port = context.getBean(GrpcServerLifecycle.class).getPort();
		KeyValue kv = await().atMost(DEADLINE).until(() -> key("/grpckit/services/echo/graceful"),
				(value) -> value != null);
		assertThat(kv.getLease()).isNotZero();
		long ttl = etcd.client().getLeaseClient().timeToLive(kv.getLease(), io.etcd.jetcd.options.LeaseOption.DEFAULT)
			.get(5, TimeUnit.SECONDS)
			.getGrantedTTL();
		assertThat(ttl).isEqualTo(2);
		String json = kv.getValue().toString(StandardCharsets.UTF_8);
		assertThat(json).contains("\"host\":\"127.0.0.1\"", "\"port\":" + port, "\"version\":\"1.2.3\"",
				"\"team\":\"core\"", "grpc.test.Echo".replace("grpc.test", "grpckit.test"));

		// runs after the registration lifecycle's listener, still before the drain
		ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
		this.resources.add(channel::shutdownNow);
		context.addApplicationListener((ApplicationListener<GrpcServerStoppingEvent>) (event) -> {
			try {
				seenWhileStopping.add("key=" + key("/grpckit/services/echo/graceful"));
				seenWhileStopping.add("call=" + EchoGrpc.newBlockingStub(channel)
					.withDeadlineAfter(2, TimeUnit.SECONDS)
					.unary(EchoRequest.getDefaultInstance())
					.getText());
			}
			catch (Exception ex) {
				seenWhileStopping.add("failed=" + ex);
			}
		});
		context.close();
		assertThat(seenWhileStopping).containsExactly("key=null", "call=graceful");
	}

	@Test
	void instanceThatStopsRenewingIsRemovedWhenItsLeaseEnds() throws Exception {
		EtcdServiceRegistration registration = registration();
		registration.register(instance("silent"));
		await().atMost(DEADLINE).until(() -> key("/grpckit/services/echo/silent") != null);
		// the process dies: no more keep-alives, no deregistration
		registration.close();
		long stopped = System.nanoTime();
		// etcd ends the lease; how soon it does on a loaded machine is not this test's business
		await().atMost(TTL.plus(DEADLINE)).pollInterval(Duration.ofMillis(50))
			.until(() -> key("/grpckit/services/echo/silent") == null);
		System.out.println("Key of a silent instance removed after "
				+ TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopped) + " ms (TTL " + TTL.toMillis() + " ms)");
	}

	@Test
	void keyDeletedByHandIsPutAgainWithANewLease() throws Exception {
		EtcdServiceRegistration registration = registration();
		registration.register(instance("deleted"));
		KeyValue first = await().atMost(DEADLINE).until(() -> key("/grpckit/services/echo/deleted"),
				(value) -> value != null);
		etcd.client().getKVClient().delete(bytes("/grpckit/services/echo/deleted")).get(5, TimeUnit.SECONDS);
		KeyValue again = await().atMost(DEADLINE).until(() -> key("/grpckit/services/echo/deleted"),
				(value) -> value != null);
		assertThat(again.getLease()).isNotEqualTo(first.getLease());
		// the key is visible in etcd a moment before the registration hears its put succeeded
		await().atMost(DEADLINE)
			.untilAsserted(() -> assertThat(registration.getStatus().state()).isEqualTo(RegistrationState.REGISTERED));
	}

	@Test
	void leaseThatExpiredIsNeverReusedANewOneIsGranted() throws Exception {
		EtcdServiceRegistration registration = registration();
		registration.register(instance("expired"));
		KeyValue first = await().atMost(DEADLINE).until(() -> key("/grpckit/services/echo/expired"),
				(value) -> value != null);
		// as if the lease had expired: gone from etcd, with the key attached to it
		etcd.client().getLeaseClient().revoke(first.getLease()).get(5, TimeUnit.SECONDS);
		KeyValue again = await().atMost(DEADLINE).until(() -> key("/grpckit/services/echo/expired"),
				(value) -> value != null);
		assertThat(again.getLease()).isNotEqualTo(first.getLease());
		long ttl = etcd.client().getLeaseClient()
			.timeToLive(again.getLease(), io.etcd.jetcd.options.LeaseOption.DEFAULT)
			.get(5, TimeUnit.SECONDS)
			.getTTL();
		assertThat(ttl).isPositive();
	}

	@Test
	void pauseRemovesTheKeyAndResumePutsItBack() throws Exception {
		EtcdServiceRegistration registration = registration();
		registration.register(instance("paused"));
		await().atMost(DEADLINE).until(() -> key("/grpckit/services/echo/paused") != null);
		registration.pause();
		await().atMost(DEADLINE).until(() -> key("/grpckit/services/echo/paused") == null);
		// the key is gone from etcd a moment before the registration records the removal
		await().atMost(DEADLINE)
			.untilAsserted(() -> assertThat(registration.getStatus().state()).isEqualTo(RegistrationState.PAUSED));
		// paused means paused: no self-healing for a while
		await().during(Duration.ofMillis(1500)).atMost(DEADLINE)
			.until(() -> key("/grpckit/services/echo/paused") == null);
		registration.resume();
		await().atMost(DEADLINE).until(() -> key("/grpckit/services/echo/paused") != null);
		await().atMost(DEADLINE)
			.untilAsserted(() -> assertThat(registration.getStatus().state()).isEqualTo(RegistrationState.REGISTERED));
	}

	@Test
	void registrationComesBackAfterEtcdRestartsOnTheSameDataDir() throws Exception {
		EtcdServiceRegistration registration = registration();
		registration.register(instance("survivor"));
		KeyValue before = await().atMost(DEADLINE).until(() -> key("/grpckit/services/echo/survivor"),
				(value) -> value != null);
		etcd.process().stop();
		await().atMost(DEADLINE).until(() -> registration.getStatus().state() == RegistrationState.RETRYING);
		etcd.process().restart();
		KeyValue after = await().atMost(DEADLINE)
			.ignoreExceptions()
			.until(() -> key("/grpckit/services/echo/survivor"),
					(value) -> value != null && value.getLease() != before.getLease());
		assertThat(after.getValue()).isEqualTo(before.getValue());
		await().atMost(DEADLINE).until(() -> registration.getStatus().state() == RegistrationState.REGISTERED);
	}

	private EtcdServiceRegistration registration() {
		EtcdServiceRegistration registration = new EtcdServiceRegistration(etcd.client(), "/grpckit/services", TTL,
				Duration.ofSeconds(1), new Backoff(Duration.ofMillis(100), Duration.ofMillis(500)));
		this.resources.add(registration);
		return registration;
	}

	private static ServiceInstance instance(String id) {
		return new ServiceInstance("echo", id, "127.0.0.1", 50000, Map.of());
	}

	private static KeyValue key(String key) throws Exception {
		return key(etcd.client(), key);
	}

	static KeyValue key(Client client, String key) throws Exception {
		List<KeyValue> kvs = client.getKVClient().get(bytes(key)).get(5, TimeUnit.SECONDS).getKvs();
		return kvs.isEmpty() ? null : kvs.get(0);
	}

	private static ByteSequence bytes(String text) {
		return ByteSequence.from(text, StandardCharsets.UTF_8);
	}

}
