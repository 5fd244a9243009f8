package io.grpckit.actuate.endpoint;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.grpc.ConnectivityState;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.LoadBalancerProvider;
import io.grpc.LoadBalancerRegistry;
import io.grpc.ManagedChannel;
import io.grpc.NameResolver.ConfigOrError;
import io.grpc.NameResolverRegistry;
import io.grpc.Status;
import io.grpckit.test.proto.EchoGrpc;
import io.grpckit.test.proto.EchoRequest;
import io.grpckit.testsupport.Channels;
import io.grpckit.testsupport.EchoServer;
import io.grpckit.testsupport.EchoService;
import io.grpckit.testsupport.FakeNameResolverProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The recording load-balancing policy of {@link ResolvedAddressRecorder}: its service
 * config, and what it records over a real channel fed by a fake resolver.
 */
class ResolvedAddressRecorderTests {

	private static final EchoRequest HELLO = EchoRequest.newBuilder().setText("hello").build();

	private final ResolvedAddressRecorder recorder = new ResolvedAddressRecorder();

	private final FakeNameResolverProvider resolver = new FakeNameResolverProvider("fake-recorder-tests", List.of());

	private EchoServer server;

	private ManagedChannel channel;

	@BeforeEach
	void start() {
		this.server = EchoServer.start(new EchoService());
		NameResolverRegistry.getDefaultRegistry().register(this.resolver);
	}

	@AfterEach
	void stop() throws InterruptedException {
		if (this.channel != null) {
			Channels.close(this.channel);
		}
		NameResolverRegistry.getDefaultRegistry().deregister(this.resolver);
		this.recorder.close();
		this.server.close();
	}

	@Test
	void wrapsTheConfiguredPolicyAndKeepsTheRestOfTheServiceConfig() {
		List<Map<String, Object>> roundRobin = List.of(Map.of("round_robin", Map.of()));
		List<Map<String, Object>> methods = List.of(Map.of("name", List.of(Map.of()), "timeout", "1s"));
		Map<String, Object> wrapped = this.recorder.customize("echo",
				Map.of("loadBalancingConfig", roundRobin, "methodConfig", methods));
		assertThat(wrapped).containsEntry("methodConfig", methods)
			.containsEntry("loadBalancingConfig", List.of(Map.of(this.recorder.getPolicyName(),
					Map.of("channel", "echo", "childPolicy", roundRobin))));
	}

	@Test
	void wrapsPickFirstWhenTheServiceConfigNamesNoPolicy() {
		assertThat(this.recorder.customize("echo", Map.of())).containsExactly(Map.entry("loadBalancingConfig",
				List.of(Map.of(this.recorder.getPolicyName(),
						Map.of("channel", "echo", "childPolicy", List.of(Map.of("pick_first", Map.of())))))));
	}

	@Test
	void parsesTheChildPolicyFromTheRegistryAndRejectsAnInvalidConfig() {
		LoadBalancerProvider provider = LoadBalancerRegistry.getDefaultRegistry()
			.getProvider(this.recorder.getPolicyName());
		ConfigOrError valid = provider.parseLoadBalancingPolicyConfig(
				Map.of("channel", "echo", "childPolicy", List.of(Map.of("round_robin", Map.of()))));
		assertThat(valid.getError()).isNull();
		assertThat(((AddressRecordingLoadBalancer.Config) valid.getConfig()).channel()).isEqualTo("echo");
		assertThat(provider
			.parseLoadBalancingPolicyConfig(Map.of("channel", "echo", "childPolicy", List.of(Map.of("no_such", Map.of()))))
			.getError()).isNotNull();
		assertThat(provider.parseLoadBalancingPolicyConfig(Map.of("childPolicy", List.of(Map.of("pick_first", Map.of()))))
			.getError()
			.getDescription()).contains("expected: channel name and childPolicy list");
	}

	@Test
	void recordsEveryAddressOfTheLatestResultWhileCallsGoOn() throws IOException {
		InetSocketAddress unused = unusedAddress();
		this.resolver.update(List.of(serverAddress(), unused));
		this.channel = channel(List.of(Map.of("round_robin", Map.of())));
		EchoGrpc.EchoBlockingStub stub = EchoGrpc.newBlockingStub(this.channel);

		assertThat(stub.unary(HELLO).getText()).isEqualTo("hello");
		assertThat(this.recorder.getAddresses("echo")).containsExactly(this.server.address(),
				"127.0.0.1:" + unused.getPort());

		// the resolver drops the address nobody listens on: the record follows
		this.resolver.update(List.of(serverAddress()));
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(this.recorder.getAddresses("echo")).containsExactly(this.server.address()));
		assertThat(stub.unary(HELLO).getText()).isEqualTo("hello");
	}

	@Test
	void keepsTheLastAddressesOnAResolutionError() {
		this.resolver.update(List.of(serverAddress()));
		this.channel = channel(List.of(Map.of("pick_first", Map.of())));
		EchoGrpc.newBlockingStub(this.channel).unary(HELLO);

		this.resolver.fail(Status.UNAVAILABLE.withDescription("registry down"));
		// pick_first drops its connection on a resolver error
		await().atMost(Duration.ofSeconds(5))
			.until(() -> this.channel.getState(false) == ConnectivityState.TRANSIENT_FAILURE);
		assertThat(this.recorder.getAddresses("echo")).containsExactly(this.server.address());
	}

	@Test
	void forgetsAChannelThatShutDown() {
		this.resolver.update(List.of(serverAddress()));
		this.channel = channel(List.of(Map.of("pick_first", Map.of())));
		EchoGrpc.newBlockingStub(this.channel).unary(HELLO);
		assertThat(this.recorder.getAddresses("echo")).isNotEmpty();

		this.channel.shutdown();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.recorder.getAddresses("echo").isEmpty());
	}

	@Test
	void eachRecorderHasItsOwnPolicyRegisteredUntilClosed() {
		ResolvedAddressRecorder other = new ResolvedAddressRecorder();
		assertThat(other.getPolicyName()).isNotEqualTo(this.recorder.getPolicyName());
		assertThat(LoadBalancerRegistry.getDefaultRegistry().getProvider(other.getPolicyName())).isNotNull();
		other.close();
		assertThat(LoadBalancerRegistry.getDefaultRegistry().getProvider(other.getPolicyName())).isNull();
	}

	private ManagedChannel channel(List<Map<String, Object>> policy) {
		return Grpc.newChannelBuilder("fake-recorder-tests:///echo", InsecureChannelCredentials.create())
			.defaultServiceConfig(this.recorder.customize("echo", Map.of("loadBalancingConfig", policy)))
			.build();
	}

	private InetSocketAddress serverAddress() {
		return new InetSocketAddress("127.0.0.1", this.server.port());
	}

	private static InetSocketAddress unusedAddress() throws IOException {
		// a port that was free a moment ago: connecting to it fails, which round_robin tolerates
		try (ServerSocket socket = new ServerSocket(0)) {
			return new InetSocketAddress("127.0.0.1", socket.getLocalPort());
		}
	}

}
