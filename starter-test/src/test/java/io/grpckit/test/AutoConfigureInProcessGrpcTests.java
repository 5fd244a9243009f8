package io.grpckit.test;

import java.nio.charset.StandardCharsets;

import io.grpc.BindableService;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.grpckit.server.GrpcServerLifecycle;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole server runs in-process in a {@code @SpringBootTest}: no port is opened.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@AutoConfigureInProcessGrpc
class AutoConfigureInProcessGrpcTests {

	/** A unary method that answers with the request's bytes. */
	static final MethodDescriptor<byte[], byte[]> ECHO = MethodDescriptor.<byte[], byte[]>newBuilder()
		.setType(MethodDescriptor.MethodType.UNARY)
		.setFullMethodName(MethodDescriptor.generateFullMethodName("grpckit.test.Echo", "Unary"))
		.setRequestMarshaller(RawBytesMarshaller.instance())
		.setResponseMarshaller(RawBytesMarshaller.instance())
		.build();

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
			byte[] reply = ClientCalls.blockingUnaryCall(channel, ECHO, CallOptions.DEFAULT,
					"in".getBytes(StandardCharsets.UTF_8));
			assertThat(new String(reply, StandardCharsets.UTF_8)).isEqualTo("in");
		}
		finally {
			channel.shutdownNow();
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Application {

		@Bean
		BindableService echoService() {
			return () -> ServerServiceDefinition.builder("grpckit.test.Echo")
				.addMethod(ECHO, ServerCalls.asyncUnaryCall((request, replies) -> {
					replies.onNext(request);
					replies.onCompleted();
				}))
				.build();
		}

	}

}
