package io.grpckit.server.observation;

import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpckit.test.proto.EchoGrpc;
import io.grpckit.test.proto.EchoReply;
import io.grpckit.test.proto.EchoRequest;
import io.grpckit.testsupport.EchoService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.grpc.ObservationGrpcServerInterceptor;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
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
	void withoutAMeterRegistryCallsAreObservedButMessagesNotCounted() throws Exception {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		ObservationRegistry observations = observationRegistry(meters);
		runTwoStreams(new GrpcServerObservationInterceptor(observations, null, null), meters);
		assertThat(meters.find("grpc.server").timer().count()).isEqualTo(2);
		assertThat(meters.find("grpc.server.sent").counter()).isNull();
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
				: (meter instanceof Timer timer) ? timer.count() : Double.NaN;
		return meter.getId().getName() + " " + meter.getId().getType() + " " + value + " " + meter.getId().getTags();
	}

}
