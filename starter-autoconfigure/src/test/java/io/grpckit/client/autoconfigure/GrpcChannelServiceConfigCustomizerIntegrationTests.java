package io.grpckit.client.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpckit.client.GrpcChannelFactory;
import io.grpckit.client.GrpcChannelServiceConfigCustomizer;
import io.grpckit.test.proto.EchoGrpc;
import io.grpckit.testsupport.Calls;
import io.grpckit.testsupport.EchoService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link GrpcChannelServiceConfigCustomizer} beans get the service config built from
 * properties one after another (in bean order), and what the last returns is what the
 * channel uses.
 */
class GrpcChannelServiceConfigCustomizerIntegrationTests {

	private final String serverName = InProcessServerBuilder.generateName();

	private Server server;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcClientAutoConfiguration.class))
		.withPropertyValues("grpckit.client.channel.echo.target=in-process:" + this.serverName,
				"grpckit.client.channel.echo.load-balancing-policy=round_robin");

	@BeforeEach
	void start() throws Exception {
		this.server = InProcessServerBuilder.forName(this.serverName)
			.directExecutor()
			.addService(new EchoService())
			.build()
			.start();
	}

	@AfterEach
	void stop() {
		this.server.shutdownNow();
	}

	@Test
	void customizersSeeThePropertiesConfigInOrderAndTheChannelUsesTheResult() {
		List<Map<String, Object>> seen = new ArrayList<>();
		this.contextRunner.withBean("first", GrpcChannelServiceConfigCustomizer.class, () -> new Recording(seen, 1))
			.withBean("second", GrpcChannelServiceConfigCustomizer.class, () -> new Recording(seen, 2))
			.run((context) -> {
				ManagedChannel channel = context.getBean(GrpcChannelFactory.class).createChannel("echo");
				assertThat(seen).hasSize(2);
				assertThat(seen.get(0)).containsEntry("loadBalancingConfig", List.of(Map.of("round_robin", Map.of())))
					.doesNotContainKey("methodConfig");
				// the second customizer sees what the first returned
				assertThat(seen.get(1)).containsKey("methodConfig");
				// the first customizer's method config (a timeout far too short) reached the channel
				Status status = Calls
					.failure(() -> EchoGrpc.newBlockingStub(channel).unary(Calls.request("too late")));
				assertThat(status.getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
			});
	}

	@Test
	void withoutCustomizersThePropertiesConfigIsUsed() {
		this.contextRunner.run((context) -> {
			ManagedChannel channel = context.getBean(GrpcChannelFactory.class).createChannel("echo");
			assertThat(EchoGrpc.newBlockingStub(channel).unary(Calls.request("hello")).getText()).isEqualTo("hello");
		});
	}

	private record Recording(List<Map<String, Object>> seen, int position) implements GrpcChannelServiceConfigCustomizer {

		@Override
		public Map<String, Object> customize(String name, Map<String, Object> serviceConfig) {
			this.seen.add(serviceConfig);
			if (this.position != 1) {
				return serviceConfig;
			}
			Map<String, Object> customized = new LinkedHashMap<>(serviceConfig);
			customized.put("methodConfig",
					List.of(Map.of("name", List.of(Map.of("service", "grpckit.test.Echo")), "timeout", "0.000000001s")));
			return customized;
		}

	}

}
