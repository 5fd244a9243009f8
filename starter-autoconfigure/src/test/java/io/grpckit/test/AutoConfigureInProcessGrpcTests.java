package io.grpckit.test;

import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpckit.server.GrpcServerLifecycle;
import io.grpckit.test.proto.EchoGrpc;
import io.grpckit.test.proto.EchoRequest;
import io.grpckit.testsupport.EchoService;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole server runs in-process in a {@code @SpringBootTest}: no port is opened.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@AutoConfigureInProcessGrpc
class AutoConfigureInProcessGrpcTests {

	@Value("${grpckit.server.inprocess.name}")
	String name;

	@Autowired
	GrpcServerLifecycle lifecycle;

	@Test
	void servesInProcessOnly() {
		assertThat(this.lifecycle.getPort()).isEqualTo(-1);
		assertThat(this.lifecycle.getServers()).hasSize(1);
		ManagedChannel channel = InProcessChannelBuilder.forName(this.name).directExecutor().build();
		try {
			assertThat(EchoGrpc.newBlockingStub(channel).unary(EchoRequest.newBuilder().setText("in").build()).getText())
				.isEqualTo("in");
		}
		finally {
			channel.shutdownNow();
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(EchoService.class)
	static class Application {

	}

}
