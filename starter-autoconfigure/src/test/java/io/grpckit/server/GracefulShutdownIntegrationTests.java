package io.grpckit.server;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpckit.server.autoconfigure.GrpcServerAutoConfiguration;
import io.grpckit.server.autoconfigure.health.GrpcServerHealthAutoConfiguration;
import io.grpckit.test.proto.EchoGrpc;
import io.grpckit.test.proto.EchoReply;
import io.grpckit.test.proto.EchoRequest;
import io.grpckit.testsupport.Calls;
import io.grpckit.testsupport.Channels;
import io.grpckit.testsupport.EchoService;
import io.grpckit.testsupport.StreamEvents;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The shutdown order: NOT_SERVING and REFUSING_TRAFFIC, the deregistration hook, the quiet
 * period, then a drain bounded by the grace period, which open health watches do not hold.
 */
class GracefulShutdownIntegrationTests {

	private final List<String> events = new CopyOnWriteArrayList<>();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcServerAutoConfiguration.class,
				GrpcServerHealthAutoConfiguration.class))
		.withBean(EchoService.class)
		.withBean("eventRecorder", ApplicationListener.class, () -> this::record)
		.withPropertyValues("grpckit.server.port=0", "grpckit.server.shutdown.quiet-period=1s",
				"grpckit.server.shutdown.grace-period=2s");

	private void record(ApplicationEvent event) {
		if (event instanceof AvailabilityChangeEvent<?> availability
				&& availability.getState() == ReadinessState.REFUSING_TRAFFIC) {
			this.events.add("refusing-traffic");
		}
		if (event instanceof GrpcServerStoppingEvent) {
			this.events.add("deregister-hook");
		}
	}

	@Test
	void drainsInOrder() {
		this.runner.run((context) -> {
			GrpcServerLifecycle lifecycle = context.getBean(GrpcServerLifecycle.class);
			EchoService service = context.getBean(EchoService.class);
			ManagedChannel channel = Channels.loopback(lifecycle.getPort());
			try {
				StreamEvents<HealthCheckResponse> watch = new StreamEvents<>();
				HealthGrpc.newStub(channel).watch(HealthCheckRequest.newBuilder().setService("").build(), watch);
				assertThat(((HealthCheckResponse) watch.poll(5)).getStatus())
					.isEqualTo(ServingStatus.SERVING);

				// finishes ~1.4 s after it starts: inside quiet period plus grace period
				StreamEvents<EchoReply> shortStream = new StreamEvents<>();
				EchoGrpc.newStub(channel)
					.serverStream(EchoRequest.newBuilder().setText("short").setCount(2).setDelayMs(700).build(),
							shortStream);
				// runs far past the grace period
				StreamEvents<EchoReply> longStream = new StreamEvents<>();
				EchoGrpc.newStub(channel)
					.serverStream(EchoRequest.newBuilder().setText("long").setCount(1).setDelayMs(60_000).build(),
							longStream);
				await().atMost(Duration.ofSeconds(5)).until(() -> service.startedCount() == 2);

				long closeStarted = System.nanoTime();
				Thread closer = new Thread(context::close, "closer");
				closer.start();

				// 1. watchers learn first, while the listener still accepts calls
				assertThat(((HealthCheckResponse) watch.poll(5)).getStatus()).isEqualTo(ServingStatus.NOT_SERVING);
				assertThat(lifecycle.getState()).isEqualTo(GrpcServerState.STOPPING);
				assertThat(EchoGrpc.newBlockingStub(channel).unary(Calls.request("still open"))
					.getText()).isEqualTo("still open");
				// published right after the health statuses changed, on the closing thread
				await().atMost(Duration.ofSeconds(5)).until(() -> this.events.size() == 2);
				assertThat(this.events).containsExactly("refusing-traffic", "deregister-hook");

				// 4. after shutdown(), new calls are refused
				StatusRuntimeException refused = await().atMost(Duration.ofSeconds(5))
					.until(() -> newCallFailure(channel), (failure) -> failure != null);
				assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);

				// 5. the call in flight finishes normally
				assertThat(drain(shortStream)).containsExactly("short#1", "short#2", "completed");

				// 6. the call past the grace period is cancelled, on both sides
				Object longEnd = longStream.poll(10);
				assertThat(longEnd).isInstanceOf(StatusRuntimeException.class);
				await().atMost(Duration.ofSeconds(5)).until(() -> service.cancelledCount() == 1);
				closer.join(10_000);
				Duration took = Duration.ofNanos(System.nanoTime() - closeStarted);
				assertThat(took).isGreaterThanOrEqualTo(Duration.ofSeconds(3)).isLessThan(Duration.ofSeconds(9));
				assertThat(lifecycle.getState()).isEqualTo(GrpcServerState.STOPPED);
			}
			finally {
				Channels.close(channel);
			}
		});
	}

	@Test
	void openWatchesEndAtShutdownInsteadOfHoldingTheDrain() {
		// a grace period no test waits for: a watch that held the drain would show
		this.runner.withPropertyValues("grpckit.server.shutdown.grace-period=60s").run((context) -> {
			GrpcServerLifecycle lifecycle = context.getBean(GrpcServerLifecycle.class);
			ManagedChannel channel = Channels.loopback(lifecycle.getPort());
			try {
				StreamEvents<HealthCheckResponse> server = new StreamEvents<>();
				HealthGrpc.newStub(channel).watch(HealthCheckRequest.newBuilder().setService("").build(), server);
				StreamEvents<HealthCheckResponse> unknown = new StreamEvents<>();
				HealthGrpc.newStub(channel)
					.watch(HealthCheckRequest.newBuilder().setService("no.Such").build(), unknown);
				assertThat(((HealthCheckResponse) server.poll(5)).getStatus()).isEqualTo(ServingStatus.SERVING);
				assertThat(((HealthCheckResponse) unknown.poll(5)).getStatus())
					.isEqualTo(ServingStatus.SERVICE_UNKNOWN);

				new Thread(context::close, "closer").start();

				// NOT_SERVING first, and the stream stays open through the quiet period
				assertThat(((HealthCheckResponse) server.poll(5)).getStatus()).isEqualTo(ServingStatus.NOT_SERVING);
				// then the watches end normally, far inside the grace period
				assertThat(server.poll(10)).isEqualTo(StreamEvents.COMPLETED);
				assertThat(unknown.poll(10)).isEqualTo(StreamEvents.COMPLETED);
				await().atMost(Duration.ofSeconds(20)).until(() -> lifecycle.getState() == GrpcServerState.STOPPED);
			}
			finally {
				Channels.close(channel);
			}
		});
	}

	private static StatusRuntimeException newCallFailure(ManagedChannel channel) {
		try {
			EchoGrpc.newBlockingStub(channel)
				.withDeadlineAfter(2, TimeUnit.SECONDS)
				.unary(Calls.request("after shutdown"));
			return null;
		}
		catch (StatusRuntimeException ex) {
			return ex;
		}
	}

	private static List<String> drain(StreamEvents<EchoReply> events) throws InterruptedException {
		List<String> seen = new CopyOnWriteArrayList<>();
		while (true) {
			Object event = events.poll(10);
			if (event instanceof EchoReply reply) {
				seen.add(reply.getText() + "#" + reply.getIndex());
			}
			else {
				seen.add(String.valueOf(event));
				return seen;
			}
		}
	}

}
