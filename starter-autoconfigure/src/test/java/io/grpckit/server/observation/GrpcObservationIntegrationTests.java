package io.grpckit.server.observation;

import java.util.Iterator;
import java.util.List;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.grpckit.client.GrpcChannelFactory;
import io.grpckit.client.autoconfigure.GrpcClientAutoConfiguration;
import io.grpckit.client.autoconfigure.observation.GrpcClientObservationAutoConfiguration;
import io.grpckit.server.autoconfigure.GrpcServerAutoConfiguration;
import io.grpckit.server.autoconfigure.observation.GrpcServerObservationAutoConfiguration;
import io.grpckit.test.proto.EchoGrpc;
import io.grpckit.test.proto.EchoReply;
import io.grpckit.test.proto.EchoRequest;
import io.grpckit.testsupport.EchoService;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Server and client calls observed end to end, through a real in-process server and real
 * stubs: Micrometer's default meter handler on a {@link SimpleMeterRegistry} gives timers
 * and message counters tagged by service, method and status code, for unary, streaming
 * and failed calls.
 */
class GrpcObservationIntegrationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcServerAutoConfiguration.class, GrpcClientAutoConfiguration.class,
				GrpcServerObservationAutoConfiguration.class, GrpcClientObservationAutoConfiguration.class))
		.withBean(EchoService.class)
		.withPropertyValues("grpckit.server.inprocess.name=observation-tests", "grpckit.server.inprocess.exclusive=true",
				"grpckit.client.channel.echo.target=in-process:observation-tests");

	private final ApplicationContextRunner metered = this.runner.withUserConfiguration(Metrics.class);

	@Test
	void unaryCallsAreTimedOnBothSidesWithServiceMethodAndStatus() {
		this.metered.run((context) -> {
			MeterRegistry meters = meters(context);
			stub(context).unary(EchoRequest.newBuilder().setText("hi").build());
			Tags tags = Tags.of("rpc.service", "grpckit.test.Echo", "rpc.method", "Unary", "grpc.status_code", "OK");
			await().untilAsserted(() -> assertThat(meters.get("grpc.server").tags(tags).timer().count()).isEqualTo(1));
			assertThat(meters.get("grpc.client").tags(tags).timer().count()).isEqualTo(1);
			assertThat(meters.get("grpc.server").tags(tags).timer().getId().getTag("rpc.type")).isEqualTo("UNARY");
		});
	}

	@Test
	void failedCallsAreTaggedWithTheirStatusCode() {
		this.metered.run((context) -> {
			MeterRegistry meters = meters(context);
			EchoGrpc.EchoBlockingStub stub = stub(context);
			assertThatExceptionOfType(StatusRuntimeException.class)
				.isThrownBy(() -> stub.unary(EchoRequest.newBuilder().setText("status:invalid").build()))
				.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
			assertThatExceptionOfType(StatusRuntimeException.class)
				.isThrownBy(() -> stub.unary(EchoRequest.newBuilder().setText("throw:secret").build()));
			await().untilAsserted(() -> {
				assertThat(meters.get("grpc.server").tags("rpc.method", "Unary", "grpc.status_code", "INVALID_ARGUMENT")
					.timer().count()).isEqualTo(1);
				// the exception mapping runs outside the observation: it records what the client gets
				assertThat(meters.get("grpc.server").tags("rpc.method", "Unary", "grpc.status_code", "INTERNAL")
					.timer().count()).isEqualTo(1);
			});
			assertThat(meters.get("grpc.client").tags("rpc.method", "Unary", "grpc.status_code", "INVALID_ARGUMENT")
				.timer().count()).isEqualTo(1);
			assertThat(meters.get("grpc.client").tags("rpc.method", "Unary", "grpc.status_code", "INTERNAL")
				.timer().count()).isEqualTo(1);
			assertThat(meters.find("grpc.server").tags("grpc.status_code", "OK").timer()).isNull();
		});
	}

	@Test
	void serverStreamingCountsMessagesSent() {
		this.metered.run((context) -> {
			MeterRegistry meters = meters(context);
			Iterator<EchoReply> replies = stub(context)
				.serverStream(EchoRequest.newBuilder().setText("s").setCount(3).build());
			replies.forEachRemaining((reply) -> {
			});
			Tags method = Tags.of("rpc.service", "grpckit.test.Echo", "rpc.method", "ServerStream");
			await().untilAsserted(() -> assertThat(meters.get("grpc.server").tags(method)
				.tags("grpc.status_code", "OK", "rpc.type", "SERVER_STREAMING").timer().count()).isEqualTo(1));
			assertThat(meters.get("grpc.server.sent").tags(method).counter().count()).isEqualTo(3);
			assertThat(meters.get("grpc.server.received").tags(method).counter().count()).isEqualTo(1);
			assertThat(meters.get("grpc.client.received").tags(method).counter().count()).isEqualTo(3);
		});
	}

	@Test
	void clientStreamingCountsMessagesReceived() {
		this.metered.run((context) -> {
			MeterRegistry meters = meters(context);
			EchoGrpc.EchoStub async = EchoGrpc.newStub(channel(context));
			Recorder recorder = new Recorder();
			StreamObserver<EchoRequest> requests = async.clientStream(recorder);
			for (String text : List.of("a", "b", "c", "d")) {
				requests.onNext(EchoRequest.newBuilder().setText(text).build());
			}
			requests.onCompleted();
			await().until(() -> recorder.done);
			Tags method = Tags.of("rpc.service", "grpckit.test.Echo", "rpc.method", "ClientStream");
			await().untilAsserted(() -> assertThat(meters.get("grpc.server").tags(method)
				.tags("grpc.status_code", "OK", "rpc.type", "CLIENT_STREAMING").timer().count()).isEqualTo(1));
			assertThat(meters.get("grpc.server.received").tags(method).counter().count()).isEqualTo(4);
			assertThat(meters.get("grpc.client.sent").tags(method).counter().count()).isEqualTo(4);
			assertThat(recorder.text).isEqualTo("abcd");
		});
	}

	@Test
	void testObservationRegistrySeesServerAndClientObservations() {
		TestObservationRegistry registry = TestObservationRegistry.create();
		this.runner.withBean(ObservationRegistry.class, () -> registry).run((context) -> {
			stub(context).unary(EchoRequest.newBuilder().setText("hi").build());
			await().untilAsserted(() -> assertThat(registry).hasObservationWithNameEqualTo("grpc.server")
				.that()
				.hasBeenStopped()
				.hasLowCardinalityKeyValue("rpc.service", "grpckit.test.Echo")
				.hasLowCardinalityKeyValue("rpc.method", "Unary")
				.hasLowCardinalityKeyValue("grpc.status_code", "OK"));
			assertThat(registry).hasObservationWithNameEqualTo("grpc.client")
				.that()
				.hasBeenStopped()
				.hasLowCardinalityKeyValue("grpc.status_code", "OK");
		});
	}

	@Test
	void switchedOffPerSide() {
		this.metered
			.withPropertyValues("grpckit.server.observation.enabled=false", "grpckit.client.observation.enabled=false")
			.run((context) -> {
				stub(context).unary(EchoRequest.newBuilder().setText("hi").build());
				assertThat(meters(context).find("grpc.server").timer()).isNull();
				assertThat(meters(context).find("grpc.client").timer()).isNull();
			});
	}

	private static MeterRegistry meters(AssertableApplicationContext context) {
		return context.getBean(MeterRegistry.class);
	}

	private static ManagedChannel channel(AssertableApplicationContext context) {
		return context.getBean(GrpcChannelFactory.class).createChannel("echo");
	}

	private static EchoGrpc.EchoBlockingStub stub(AssertableApplicationContext context) {
		return EchoGrpc.newBlockingStub(channel(context));
	}

	@Configuration(proxyBeanMethods = false)
	static class Metrics {

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		ObservationRegistry observationRegistry(MeterRegistry meters) {
			ObservationRegistry registry = ObservationRegistry.create();
			registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
			return registry;
		}

	}

	private static final class Recorder implements StreamObserver<EchoReply> {

		private volatile String text;

		private volatile boolean done;

		@Override
		public void onNext(EchoReply value) {
			this.text = value.getText();
		}

		@Override
		public void onError(Throwable t) {
			this.done = true;
		}

		@Override
		public void onCompleted() {
			this.done = true;
		}

	}

}
