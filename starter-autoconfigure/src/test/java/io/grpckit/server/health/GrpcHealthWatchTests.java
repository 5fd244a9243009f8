package io.grpckit.server.health;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpckit.testsupport.StreamEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link GrpcHealth#endWatches()}: open watches end normally after NOT_SERVING, later ones
 * are refused, and Check keeps answering.
 */
class GrpcHealthWatchTests {

	private final GrpcHealth health = new GrpcHealth();

	private Server server;

	private ManagedChannel channel;

	@BeforeEach
	void start() throws Exception {
		String name = InProcessServerBuilder.generateName();
		this.server = InProcessServerBuilder.forName(name)
			.directExecutor()
			.addService(this.health.getHealthService())
			.build()
			.start();
		this.channel = InProcessChannelBuilder.forName(name).directExecutor().build();
		this.health.markServing(List.of("grpckit.test.Echo"));
	}

	@AfterEach
	void stop() throws Exception {
		this.channel.shutdownNow();
		this.server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
	}

	@Test
	void watchesEndAfterNotServingAndLaterOnesAreRefused() throws Exception {
		StreamEvents<HealthCheckResponse> watch = watch("grpckit.test.Echo");
		assertThat(status(watch.poll(5))).isEqualTo(ServingStatus.SERVING);

		this.health.enterTerminalState();
		assertThat(status(watch.poll(5))).isEqualTo(ServingStatus.NOT_SERVING);
		this.health.endWatches();
		assertThat(watch.poll(5)).isEqualTo(StreamEvents.COMPLETED);

		StreamEvents<HealthCheckResponse> late = watch("");
		assertThat(late.poll(5)).isInstanceOfSatisfying(StatusRuntimeException.class,
				(ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
		assertThat(HealthGrpc.newBlockingStub(this.channel)
			.check(HealthCheckRequest.newBuilder().setService("").build())
			.getStatus()).isEqualTo(ServingStatus.NOT_SERVING);
	}

	private StreamEvents<HealthCheckResponse> watch(String service) {
		StreamEvents<HealthCheckResponse> events = new StreamEvents<>();
		HealthGrpc.newStub(this.channel)
			.withDeadlineAfter(30, TimeUnit.SECONDS)
			.watch(HealthCheckRequest.newBuilder().setService(service).build(), events);
		return events;
	}

	private static ServingStatus status(Object event) {
		assertThat(event).isInstanceOf(HealthCheckResponse.class);
		return ((HealthCheckResponse) event).getStatus();
	}

}
