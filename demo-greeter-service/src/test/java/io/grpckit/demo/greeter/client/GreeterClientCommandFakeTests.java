package io.grpckit.demo.greeter.client;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.grpckit.demo.greeter.proto.GreeterGrpc;
import io.grpckit.demo.greeter.proto.HelloReply;
import io.grpckit.demo.greeter.proto.HelloRequest;
import io.grpckit.test.GrpcFake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code client} command against a fake greeter ({@code @GrpcFake("greeter")}, in
 * process, no server and no network): a status a real greeter does not give on demand
 * reaches the output and the exit code.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, args = "--name=Dana")
@ActiveProfiles("client")
@ExtendWith(OutputCaptureExtension.class)
class GreeterClientCommandFakeTests {

	@GrpcFake("greeter")
	static final GreeterGrpc.GreeterImplBase greeter = new GreeterGrpc.GreeterImplBase() {

		@Override
		public void sayHello(HelloRequest request, StreamObserver<HelloReply> responseObserver) {
			responseObserver.onError(Status.RESOURCE_EXHAUSTED
				.withDescription("too many greetings for " + request.getName())
				.asRuntimeException());
		}

	};

	@Autowired
	GreeterClientCommand command;

	@Test
	void exitsWithTheFakesStatusCode(CapturedOutput output) {
		// the command ran while the context started
		assertThat(this.command.getExitCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED.value());
		assertThat(output.getOut()).contains("failed: RESOURCE_EXHAUSTED: too many greetings for Dana");
	}

}
