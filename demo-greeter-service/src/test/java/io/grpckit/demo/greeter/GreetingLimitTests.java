package io.grpckit.demo.greeter;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.grpckit.demo.greeter.proto.GreeterGrpc;
import io.grpckit.demo.greeter.proto.HelloReply;
import io.grpckit.demo.greeter.proto.HelloRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * SayHelloToAll keeps at most {@code grpckit.demo.greeter.max-names} names: the next one
 * ends the call with RESOURCE_EXHAUSTED when it arrives, before the client half-closes.
 */
class GreetingLimitTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private GreeterService service;

	private Server server;

	private ManagedChannel channel;

	@AfterEach
	void stop() throws InterruptedException {
		this.channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		this.server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		this.service.destroy();
	}

	@Test
	void namesUpToTheLimitAreGreeted() throws Exception {
		start(new GreeterService(3));
		RecordingObserver<HelloReply> outcome = sayHelloToAll(3, true);
		assertThat(outcome.awaitStatus(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
		assertThat(outcome.values()).singleElement().extracting(HelloReply::getIndex).isEqualTo(3);
	}

	@Test
	void oneNameOverTheLimitEndsTheCallBeforeTheHalfClose() throws Exception {
		start(new GreeterService(3));
		// the client never half-closes: the refusal must come from the fourth name itself
		RecordingObserver<HelloReply> outcome = sayHelloToAll(4, false);
		assertThat(outcome.awaitStatus(TIMEOUT)).satisfies((status) -> {
			assertThat(status.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
			assertThat(status.getDescription()).isEqualTo("names: 4 (expected: at most 3)");
		});
		assertThat(outcome.values()).isEmpty();
	}

	@Test
	void theDefaultLimitKeepsFiveHundredNamesWorking() throws Exception {
		start(new GreeterService());
		RecordingObserver<HelloReply> outcome = sayHelloToAll(500, true);
		assertThat(outcome.awaitStatus(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
		assertThat(outcome.values()).singleElement().extracting(HelloReply::getIndex).isEqualTo(500);
		assertThat(GreeterService.DEFAULT_MAX_NAMES).isEqualTo(1000);
	}

	@Test
	void theLimitIsAPropertyAndMustBePositive() throws Exception {
		GreeterProperties properties = new Binder(
				new MapConfigurationPropertySource(Map.of("grpckit.demo.greeter.max-names", "2")))
			.bind("grpckit.demo.greeter", GreeterProperties.class)
			.get();
		start(new GreeterService(properties));
		RecordingObserver<HelloReply> outcome = sayHelloToAll(3, false);
		assertThat(outcome.awaitStatus(TIMEOUT).getDescription()).isEqualTo("names: 3 (expected: at most 2)");
		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
			.isThrownBy(() -> new GreeterService(0))
			.withMessageContaining("grpckit.demo.greeter.max-names");
	}

	private void start(GreeterService service) throws Exception {
		this.service = service;
		String name = InProcessServerBuilder.generateName();
		this.server = InProcessServerBuilder.forName(name).directExecutor().addService(service).build().start();
		this.channel = InProcessChannelBuilder.forName(name).directExecutor().build();
	}

	private RecordingObserver<HelloReply> sayHelloToAll(int names, boolean halfClose) {
		RecordingObserver<HelloReply> outcome = new RecordingObserver<>();
		StreamObserver<HelloRequest> requests = GreeterGrpc.newStub(this.channel)
			.withDeadlineAfter(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
			.sayHelloToAll(outcome);
		for (int i = 1; i <= names; i++) {
			requests.onNext(HelloRequest.newBuilder().setName("name-" + i).build());
		}
		if (halfClose) {
			requests.onCompleted();
		}
		return outcome;
	}

}
