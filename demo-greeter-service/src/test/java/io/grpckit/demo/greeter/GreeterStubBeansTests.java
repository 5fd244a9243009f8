package io.grpckit.demo.greeter;

import io.grpckit.client.EnableGrpcClients;
import io.grpckit.client.GrpcClient;
import io.grpckit.demo.greeter.proto.GreeterGrpc;
import io.grpckit.demo.greeter.proto.HelloRequest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The greeter called through the stubs the kit creates, on a channel to the application's
 * own in-process server: an {@code @EnableGrpcClients} stub bean and a {@code @GrpcClient}
 * field of a bean. In the AOT run of the tests ({@code -Paot}, docs/aot.md) both come from bean
 * definitions generated at build time.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "grpckit.server.inprocess.name=greeter-stub-beans", "grpckit.server.inprocess.exclusive=true",
				"grpckit.client.channel.self.target=in-process:greeter-stub-beans" })
class GreeterStubBeansTests {

	@Autowired
	GreeterGrpc.GreeterBlockingStub stubBean;

	@Autowired
	FieldClient fieldClient;

	@Test
	void anEnableGrpcClientsStubBeanCallsTheGreeter() {
		assertThat(this.stubBean.sayHello(HelloRequest.newBuilder().setName("Ada").build()).getMessage())
			.isEqualTo("Hello, Ada!");
	}

	@Test
	void aGrpcClientFieldCallsTheGreeter() {
		assertThat(this.fieldClient.stub.sayHello(HelloRequest.newBuilder().setName("Lin").build()).getMessage())
			.isEqualTo("Hello, Lin!");
	}

	@TestConfiguration(proxyBeanMethods = false)
	@EnableGrpcClients(channel = "self", types = GreeterGrpc.GreeterBlockingStub.class)
	static class Stubs {

		@Bean
		FieldClient fieldClient() {
			return new FieldClient();
		}

	}

	/**
	 * A bean with a {@code @GrpcClient} field. Not the test class itself: in AOT mode Spring
	 * Test injects a test instance's {@code @Autowired}, {@code @Value} and {@code @Inject}
	 * fields only (docs/aot.md).
	 */
	static class FieldClient {

		@GrpcClient("self")
		GreeterGrpc.GreeterBlockingStub stub;

	}

}
