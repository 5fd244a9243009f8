package io.grpckit.test;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link StreamEvents} on real in-process calls: the messages, then the end as
 * {@link StreamEvents#COMPLETED} or as a status exception with the call's trailers.
 */
class StreamEventsTests {

	private static final MethodDescriptor<byte[], byte[]> REPEAT = MethodDescriptor.<byte[], byte[]>newBuilder()
		.setType(MethodDescriptor.MethodType.SERVER_STREAMING)
		.setFullMethodName(MethodDescriptor.generateFullMethodName("grpckit.test.Repeat", "Twice"))
		.setRequestMarshaller(RawBytesMarshaller.instance())
		.setResponseMarshaller(RawBytesMarshaller.instance())
		.build();

	private static final Metadata.Key<String> REASON = Metadata.Key.of("reason", Metadata.ASCII_STRING_MARSHALLER);

	private Server server;

	private ManagedChannel channel;

	@BeforeEach
	void start() throws Exception {
		String name = InProcessServerBuilder.generateName();
		this.server = InProcessServerBuilder.forName(name)
			.directExecutor()
			.addService(ServerServiceDefinition.builder("grpckit.test.Repeat")
				.addMethod(REPEAT, ServerCalls.asyncServerStreamingCall((request, replies) -> {
					if (request.length == 0) {
						Metadata trailers = new Metadata();
						trailers.put(REASON, "empty");
						replies.onError(Status.INVALID_ARGUMENT.withDescription("empty").asRuntimeException(trailers));
						return;
					}
					replies.onNext(request);
					replies.onNext(request);
					replies.onCompleted();
				}))
				.build())
			.build()
			.start();
		this.channel = InProcessChannelBuilder.forName(name).directExecutor().build();
	}

	@AfterEach
	void stop() throws InterruptedException {
		this.channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		this.server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
	}

	@Test
	void messagesThenCompleted() throws InterruptedException {
		StreamEvents<byte[]> events = new StreamEvents<>();
		ClientCalls.asyncServerStreamingCall(this.channel.newCall(REPEAT, CallOptions.DEFAULT),
				"hi".getBytes(StandardCharsets.UTF_8), events);
		assertThat(events.poll(5, TimeUnit.SECONDS)).isEqualTo("hi".getBytes(StandardCharsets.UTF_8));
		assertThat(events.poll(5, TimeUnit.SECONDS)).isEqualTo("hi".getBytes(StandardCharsets.UTF_8));
		assertThat(events.poll(5, TimeUnit.SECONDS)).isEqualTo(StreamEvents.COMPLETED);
		assertThat(events.poll(10, TimeUnit.MILLISECONDS)).isNull();
	}

	@Test
	void errorAsStatusExceptionWithTrailers() throws InterruptedException {
		StreamEvents<byte[]> events = new StreamEvents<>();
		ClientCalls.asyncServerStreamingCall(this.channel.newCall(REPEAT, CallOptions.DEFAULT), new byte[0], events);
		assertThat(events.poll(5, TimeUnit.SECONDS)).isInstanceOfSatisfying(StatusRuntimeException.class, (ex) -> {
			assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
			assertThat(ex.getStatus().getDescription()).isEqualTo("empty");
			assertThat(ex.getTrailers().get(REASON)).isEqualTo("empty");
		});
	}

}
