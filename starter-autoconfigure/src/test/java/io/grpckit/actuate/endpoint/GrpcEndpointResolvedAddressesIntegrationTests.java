package io.grpckit.actuate.endpoint;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import io.grpckit.client.GrpcChannelFactory;
import io.grpckit.test.proto.EchoGrpc;
import io.grpckit.test.proto.EchoRequest;
import io.grpckit.testsupport.ActuatorHttp;
import io.grpckit.testsupport.EchoServer;
import io.grpckit.testsupport.EchoService;
import io.grpckit.testsupport.FakeNameResolverProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code resolvedAddresses} of network targets in the {@code grpc} endpoint's JSON: every
 * address the resolver delivered, also those no call used, and only the latest result of
 * a resolver whose addresses change.
 */
class GrpcEndpointResolvedAddressesIntegrationTests {

	private static final EchoRequest HELLO = EchoRequest.newBuilder().setText("hello").build();

	private EchoServer first;

	private EchoServer second;

	private ConfigurableApplicationContext context;

	@BeforeEach
	void start() {
		this.first = EchoServer.start(new EchoService());
		this.second = EchoServer.start(new EchoService());
	}

	@AfterEach
	void stop() throws InterruptedException {
		if (this.context != null) {
			this.context.close();
		}
		this.first.close();
		this.second.close();
	}

	@Test
	void staticTargetShowsEveryListedAddressAndPickFirstUsesOnlyTheFirst() throws Exception {
		String unused = "127.0.0.1:" + freePort();
		run("grpckit.client.channel.listed.target=static://" + this.first.address() + "," + this.second.address()
				+ "," + unused, "grpckit.client.channel.listed.load-balancing-policy=pick_first");
		EchoGrpc.EchoBlockingStub stub = EchoGrpc.newBlockingStub(channels().createChannel("listed"));
		for (int i = 0; i < 5; i++) {
			stub.unary(HELLO);
		}

		String listed = "$.channels[?(@.name == 'listed')]";
		String json = get("/actuator/grpc");
		assertThat(JsonPath.parse(json).read(listed + ".resolvedAddresses[*]", List.class))
			.containsExactly(this.first.address(), this.second.address(), unused);
		assertThat(JsonPath.parse(json).read(listed + ".backendAddresses[*]", List.class))
			.containsExactly(this.first.address());
	}

	@Test
	void anAddressTheResolverDropsDisappears() throws Exception {
		run("grpckit.client.channel.registry.target=fake-registry:///echo",
				"grpckit.client.channel.registry.load-balancing-policy=round_robin");
		FakeNameResolverProvider registry = this.context.getBean(FakeNameResolverProvider.class);
		registry.update(List.of(address(this.first), address(this.second)));
		EchoGrpc.newBlockingStub(channels().createChannel("registry")).unary(HELLO);
		String resolved = "$.channels[?(@.name == 'registry')].resolvedAddresses[*]";
		assertThat(JsonPath.parse(get("/actuator/grpc")).read(resolved, List.class))
			.containsExactly(this.first.address(), this.second.address());

		registry.update(List.of(address(this.second)));
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(JsonPath.parse(get("/actuator/grpc")).read(resolved, List.class))
				.containsExactly(this.second.address()));
	}

	@Test
	void noResolvedAddressesBeforeTheChannelFirstConnects() throws Exception {
		run("grpckit.client.channel.listed.target=static://" + this.first.address());
		channels().createChannel("listed");
		assertThat(JsonPath.parse(get("/actuator/grpc"))
			.read("$.channels[?(@.name == 'listed')].resolvedAddresses[*]", List.class)).isEmpty();
	}

	private void run(String... properties) {
		this.context = new SpringApplicationBuilder(Application.class)
			.properties("server.port=0", "grpckit.server.enabled=false",
					"management.endpoints.web.exposure.include=grpc")
			.properties(properties)
			.run();
	}

	private GrpcChannelFactory channels() {
		return this.context.getBean(GrpcChannelFactory.class);
	}

	private String get(String path) throws Exception {
		return ActuatorHttp.get(this.context, path);
	}

	private static InetSocketAddress address(EchoServer server) {
		return new InetSocketAddress("127.0.0.1", server.port());
	}

	private static int freePort() throws IOException {
		// free a moment ago and listed last: pick_first never gets that far
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Application {

		// registered for fake-registry: targets by the client auto-configuration
		@Bean
		FakeNameResolverProvider fakeRegistry() {
			return new FakeNameResolverProvider("fake-registry", List.of());
		}

	}

}
