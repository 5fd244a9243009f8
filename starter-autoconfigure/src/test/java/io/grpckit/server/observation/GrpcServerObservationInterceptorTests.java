package io.grpckit.server.observation;

import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpckit.test.proto.EchoGrpc;
import io.grpckit.test.proto.EchoReply;
import io.grpckit.test.proto.EchoRequest;
import io.grpckit.testsupport.EchoService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.grpc.ObservationGrpcServerInterceptor;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler.IgnoredMeters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@link GrpcServerObservationInterceptor} against Micrometer's own interceptor, over an
 * in-process server: the same meters with the same names, tags and counts, so switching
 * to the kit's interceptor changes no dashboard.
 */
class GrpcServerObservationInterceptorTests {

	private final Map<ObservationRegistry, MeterRegistry> meterRegistries = new IdentityHashMap<>();

	@Test
	void sameMetersAsMicrometersInterceptor() throws Exception {
		Set<String> micrometer = metersAfterTwoStreams(ObservationGrpcServerInterceptor::new);
		Set<String> kit = metersAfterTwoStreams(
				(registry) -> new GrpcServerObservationInterceptor(registry, meterRegistryOf(registry), null));
		assertThat(kit).isEqualTo(micrometer)
			.contains("grpc.server.sent COUNTER 1000.0 [tag(grpc.status_code=UNKNOWN), tag(rpc.method=ServerStream), "
					+ "tag(rpc.service=grpckit.test.Echo), tag(rpc.type=SERVER_STREAMING)]")
			.anyMatch((meter) -> meter.startsWith("grpc.server TIMER 2.0 [tag(error=none), tag(grpc.status_code=OK)"));
	}

	@Test
	void metricsOnlySameMetersAsMicrometersInterceptorLongTaskTimerIncluded() throws Exception {
		Set<String> micrometer = metersAfterCalls(ObservationGrpcServerInterceptor::new);
		Set<String> kit = metersAfterCalls(
				(registry) -> GrpcServerObservationInterceptor.metricsOnly(meterRegistryOf(registry), true));
		assertThat(kit).isEqualTo(micrometer)
			.contains("grpc.server.sent COUNTER 1000.0 [tag(grpc.status_code=UNKNOWN), tag(rpc.method=ServerStream), "
					+ "tag(rpc.service=grpckit.test.Echo), tag(rpc.type=SERVER_STREAMING)]")
			.contains("grpc.server.active LONG_TASK_TIMER 0.0 [tag(grpc.status_code=UNKNOWN), tag(rpc.method=Unary), "
					+ "tag(rpc.service=grpckit.test.Echo), tag(rpc.type=UNARY)]")
			.anyMatch((meter) -> meter.startsWith("grpc.server TIMER 2.0 [tag(error=none), tag(grpc.status_code=OK)"))
			.contains("grpc.server TIMER 1.0 [tag(error=IllegalStateException), tag(grpc.status_code=UNKNOWN), "
					+ "tag(rpc.method=Unary), tag(rpc.service=grpckit.test.Echo), tag(rpc.type=UNARY)]")
			.contains("grpc.server TIMER 1.0 [tag(error=none), tag(grpc.status_code=INVALID_ARGUMENT), "
					+ "tag(rpc.method=Unary), tag(rpc.service=grpckit.test.Echo), tag(rpc.type=UNARY)]");
	}

	@Test
	void metricsOnlySameMetersAsObservingWithoutLongTaskTimer() throws Exception {
		Set<String> observing = metersAfterCalls((registry) -> new GrpcServerObservationInterceptor(registry,
				meterRegistryOf(registry), null), IgnoredMeters.LONG_TASK_TIMER);
		Set<String> metricsOnly = metersAfterCalls(
				(registry) -> GrpcServerObservationInterceptor.metricsOnly(meterRegistryOf(registry), false),
				IgnoredMeters.LONG_TASK_TIMER);
		assertThat(metricsOnly).isEqualTo(observing).noneMatch((meter) -> meter.startsWith("grpc.server.active"));
	}

	@Test
	void metricsOnlyCountsACancelledCall() throws Exception {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		String name = InProcessServerBuilder.generateName();
		Server server = InProcessServerBuilder.forName(name)
			.addService(ServerInterceptors.intercept(new EchoService(),
					GrpcServerObservationInterceptor.metricsOnly(meters, true)))
			.build()
			.start();
		ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
		try (Context.CancellableContext call = Context.current().withCancellation()) {
			Iterator<EchoReply> replies = call.call(() -> EchoGrpc.newBlockingStub(channel)
				.serverStream(EchoRequest.newBuilder().setText("slow").setCount(1000).setDelayMs(50).build()));
			replies.next();
			call.cancel(null);
			await().atMost(Duration.ofSeconds(30)).until(() -> meters.find("grpc.server").timer() != null);
			assertThat(meters.get("grpc.server.cancelled").tag("grpc.status_code", "UNKNOWN").counter().count())
				.isEqualTo(1);
			assertThat(meters.get("grpc.server").tag("grpc.status_code", "UNKNOWN").tag("error", "none").timer().count())
				.isEqualTo(1);
			assertThat(meters.get("grpc.server.active").longTaskTimer().activeTasks()).isZero();
		}
		finally {
			channel.shutdownNow();
			server.shutdownNow().awaitTermination();
		}
	}

	@Test
	void withoutAMeterRegistryCallsAreObservedButMessagesNotCounted() throws Exception {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		ObservationRegistry observations = observationRegistry(meters);
		runTwoStreams(new GrpcServerObservationInterceptor(observations, null, null), meters);
		assertThat(meters.find("grpc.server").timer().count()).isEqualTo(2);
		assertThat(meters.find("grpc.server.sent").counter()).isNull();
	}

	/**
	 * Two server streams, two unary calls, one failing with a status and one with an
	 * exception; every meter, the long task timer included.
	 */
	private Set<String> metersAfterCalls(Function<ObservationRegistry, ServerInterceptor> interceptor,
			IgnoredMeters... ignored) throws Exception {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters, ignored));
		this.meterRegistries.put(observations, meters);
		String name = InProcessServerBuilder.generateName();
		Server server = InProcessServerBuilder.forName(name)
			.addService(ServerInterceptors.intercept(new EchoService(), interceptor.apply(observations)))
			.build()
			.start();
		ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
		try {
			EchoGrpc.EchoBlockingStub stub = EchoGrpc.newBlockingStub(channel);
			for (int i = 0; i < 2; i++) {
				stub.serverStream(EchoRequest.newBuilder().setText("s").setCount(500).build())
					.forEachRemaining((reply) -> {
					});
				stub.unary(EchoRequest.newBuilder().setText("u").build());
			}
			for (String failing : List.of("status:invalid", "onerror:secret")) {
				assertThatExceptionOfType(StatusRuntimeException.class)
					.isThrownBy(() -> stub.unary(EchoRequest.newBuilder().setText(failing).build()));
			}
			// the observation stops on the server's onComplete, after the client has its status
			await().atMost(Duration.ofSeconds(30))
				.until(() -> meters.find("grpc.server").timers().stream().mapToLong(Timer::count).sum() == 6);
		}
		finally {
			channel.shutdownNow();
			server.shutdownNow().awaitTermination();
		}
		return meters.getMeters()
			.stream()
			.filter((meter) -> meter.getId().getName().startsWith("grpc.server"))
			.map(GrpcServerObservationInterceptorTests::describe)
			.collect(Collectors.toSet());
	}

	private MeterRegistry meterRegistryOf(ObservationRegistry registry) {
		return this.meterRegistries.get(registry);
	}

	private Set<String> metersAfterTwoStreams(Function<ObservationRegistry, ServerInterceptor> interceptor)
			throws Exception {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		ObservationRegistry observations = observationRegistry(meters);
		this.meterRegistries.put(observations, meters);
		runTwoStreams(interceptor.apply(observations), meters);
		return meters.getMeters()
			.stream()
			.filter((meter) -> meter.getId().getName().startsWith("grpc.server"))
			.filter((meter) -> !meter.getId().getName().equals("grpc.server.active"))
			.map(GrpcServerObservationInterceptorTests::describe)
			.collect(Collectors.toSet());
	}

	private static ObservationRegistry observationRegistry(MeterRegistry meters) {
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
		return observations;
	}

	private static void runTwoStreams(ServerInterceptor interceptor, MeterRegistry meters) throws Exception {
		String name = InProcessServerBuilder.generateName();
		Server server = InProcessServerBuilder.forName(name)
			.addService(ServerInterceptors.intercept(new EchoService(), interceptor))
			.build()
			.start();
		ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
		try {
			EchoGrpc.EchoBlockingStub stub = EchoGrpc.newBlockingStub(channel);
			for (int i = 0; i < 2; i++) {
				Iterator<EchoReply> replies = stub.serverStream(EchoRequest.newBuilder().setText("s").setCount(500).build());
				replies.forEachRemaining((reply) -> {
				});
			}
			// the observation stops on the server's onComplete, after the client has its status
			await().until(() -> meters.find("grpc.server").timer() != null
					&& meters.find("grpc.server").timer().count() == 2);
		}
		finally {
			channel.shutdownNow();
			server.shutdownNow().awaitTermination();
		}
	}

	private static String describe(Meter meter) {
		double value = (meter instanceof Counter counter) ? counter.count()
				: (meter instanceof Timer timer) ? timer.count()
						: (meter instanceof LongTaskTimer active) ? active.activeTasks() : Double.NaN;
		return meter.getId().getName() + " " + meter.getId().getType() + " " + value + " " + meter.getId().getTags();
	}

}
