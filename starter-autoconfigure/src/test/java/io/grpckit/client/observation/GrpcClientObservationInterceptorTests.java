package io.grpckit.client.observation;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.grpckit.test.proto.EchoGrpc;
import io.grpckit.test.proto.EchoReply;
import io.grpckit.test.proto.EchoRequest;
import io.grpckit.testsupport.EchoService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.grpc.ObservationGrpcClientInterceptor;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link GrpcClientObservationInterceptor} against Micrometer's own client interceptor,
 * over an in-process server: the same meters with the same names, tags and counts.
 */
class GrpcClientObservationInterceptorTests {

	@Test
	void sameMetersAsMicrometersInterceptor() throws Exception {
		Set<String> micrometer = metersAfterCalls(
				(observations, meters) -> new ObservationGrpcClientInterceptor(observations));
		Set<String> kit = metersAfterCalls(
				(observations, meters) -> new GrpcClientObservationInterceptor(observations, meters, null));
		assertThat(kit).isEqualTo(micrometer)
			.contains("grpc.client.sent COUNTER 600.0 [tag(grpc.status_code=UNKNOWN), tag(net.peer.name=localhost), "
					+ "tag(net.peer.port=-1), tag(rpc.method=ClientStream), tag(rpc.service=grpckit.test.Echo), "
					+ "tag(rpc.type=CLIENT_STREAMING)]")
			.anyMatch((meter) -> meter.startsWith("grpc.client TIMER 2.0 [tag(error=none), tag(grpc.status_code=OK), "
					+ "tag(net.peer.name=localhost), tag(net.peer.port=-1), tag(rpc.method=Unary)"))
			.anyMatch((meter) -> meter.startsWith("grpc.client TIMER 1.0 [tag(error=none), "
					+ "tag(grpc.status_code=INVALID_ARGUMENT), tag(net.peer.name=localhost), tag(net.peer.port=-1), "
					+ "tag(rpc.method=Unary)"));
	}

	@Test
	void metricsOnlySameMetersAsMicrometersInterceptorLongTaskTimerIncluded() throws Exception {
		Set<String> micrometer = metersAfterCalls(
				(observations, meters) -> new ObservationGrpcClientInterceptor(observations), true);
		Set<String> kit = metersAfterCalls(
				(observations, meters) -> GrpcClientObservationInterceptor.metricsOnly(meters, true), true);
		assertThat(kit).isEqualTo(micrometer)
			.contains("grpc.client.active LONG_TASK_TIMER 0.0 [tag(grpc.status_code=UNKNOWN), "
					+ "tag(net.peer.name=localhost), tag(net.peer.port=-1), tag(rpc.method=Unary), "
					+ "tag(rpc.service=grpckit.test.Echo), tag(rpc.type=UNARY)]")
			.anyMatch((meter) -> meter.startsWith("grpc.client TIMER 1.0 [tag(error=none), "
					+ "tag(grpc.status_code=INVALID_ARGUMENT), tag(net.peer.name=localhost), tag(net.peer.port=-1), "
					+ "tag(rpc.method=Unary)"));
	}

	private interface InterceptorFactory {

		ClientInterceptor create(ObservationRegistry observations, MeterRegistry meters);

	}

	private static Set<String> metersAfterCalls(InterceptorFactory factory) throws Exception {
		return metersAfterCalls(factory, false);
	}

	private static Set<String> metersAfterCalls(InterceptorFactory factory, boolean withLongTaskTimer)
			throws Exception {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
		String name = InProcessServerBuilder.generateName();
		Server server = InProcessServerBuilder.forName(name).addService(new EchoService()).build().start();
		ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
		try {
			var intercepted = ClientInterceptors.intercept(channel, factory.create(observations, meters));
			EchoGrpc.EchoBlockingStub blocking = EchoGrpc.newBlockingStub(intercepted);
			blocking.unary(EchoRequest.newBuilder().setText("a").build());
			blocking.unary(EchoRequest.newBuilder().setText("b").build());
			try {
				blocking.unary(EchoRequest.newBuilder().setText("status:invalid").build());
			}
			catch (RuntimeException expected) {
				// the INVALID_ARGUMENT timer
			}
			for (int call = 0; call < 2; call++) {
				CompletableFuture<EchoReply> done = new CompletableFuture<>();
				StreamObserver<EchoRequest> requests = EchoGrpc.newStub(intercepted).clientStream(completing(done));
				for (int i = 0; i < 300; i++) {
					requests.onNext(EchoRequest.newBuilder().setText("x").build());
				}
				requests.onCompleted();
				done.get();
			}
		}
		finally {
			channel.shutdownNow();
			server.shutdownNow().awaitTermination();
		}
		return meters.getMeters()
			.stream()
			.filter((meter) -> meter.getId().getName().startsWith("grpc.client"))
			.filter((meter) -> withLongTaskTimer || !meter.getId().getName().equals("grpc.client.active"))
			.map(GrpcClientObservationInterceptorTests::describe)
			.collect(Collectors.toSet());
	}

	/** Completes when the call has closed: both interceptors stop their observation before that. */
	private static StreamObserver<EchoReply> completing(CompletableFuture<EchoReply> done) {
		return new StreamObserver<>() {

			private EchoReply reply;

			@Override
			public void onNext(EchoReply value) {
				this.reply = value;
			}

			@Override
			public void onError(Throwable t) {
				done.completeExceptionally(t);
			}

			@Override
			public void onCompleted() {
				done.complete(this.reply);
			}

		};
	}

	private static String describe(Meter meter) {
		double value = (meter instanceof Counter counter) ? counter.count()
				: (meter instanceof Timer timer) ? timer.count()
						: (meter instanceof LongTaskTimer active) ? active.activeTasks() : Double.NaN;
		return meter.getId().getName() + " " + meter.getId().getType() + " " + value + " " + meter.getId().getTags();
	}

}
