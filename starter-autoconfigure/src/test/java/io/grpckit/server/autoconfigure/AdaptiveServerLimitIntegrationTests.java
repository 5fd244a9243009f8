package io.grpckit.server.autoconfigure;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.grpckit.server.GrpcServerLifecycle;
import io.grpckit.server.limits.GrpcServerLimits;
import io.grpckit.test.proto.EchoGrpc;
import io.grpckit.test.proto.EchoReply;
import io.grpckit.test.proto.EchoRequest;
import io.grpckit.testsupport.Channels;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The adaptive limit (grpckit.server.limits.adaptive.*) over a real connection, against a
 * service whose latency grows with the calls it holds, as a service with a fixed capacity
 * does once work queues: the limit falls and calls are shed while latency is high, and
 * rises again once the service is fast again.
 */
class AdaptiveServerLimitIntegrationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcServerAutoConfiguration.class))
		.withBean(QueueingService.class)
		.withPropertyValues("grpckit.server.port=0", "grpckit.server.limits.adaptive.enabled=true",
				"grpckit.server.limits.adaptive.initial-limit=20", "grpckit.server.limits.adaptive.min-limit=2",
				"grpckit.server.limits.adaptive.max-limit=50");

	@Test
	void theLimitFallsWhileLatencyRisesAndRisesAgainWhenItRecovers() {
		this.runner.run((context) -> {
			QueueingService service = context.getBean(QueueingService.class);
			GrpcServerLimits limits = context.getBean(GrpcServerLimits.class);
			ManagedChannel channel = Channels.loopback(context.getBean(GrpcServerLifecycle.class).getPort());
			Load load = new Load(channel, 40);
			try {
				// fast service: the limit grows from its initial 20
				await().atMost(Duration.ofSeconds(60)).until(() -> limit(limits) >= 28);
				int refusedWhileFast = load.refused.get();
				// each call now takes 5 ms per call the service holds: latency rises with load
				service.slow.set(true);
				await().atMost(Duration.ofSeconds(60)).until(() -> limit(limits) < 15);
				await().atMost(Duration.ofSeconds(60)).until(() -> load.refused.get() > refusedWhileFast);
				int lowest = limit(limits);
				// fast again: the limit climbs back
				service.slow.set(false);
				await().atMost(Duration.ofSeconds(60)).until(() -> limit(limits) >= lowest + 10);
				assertThat(load.failed.get()).as("calls failed other than by refusal").isZero();
			}
			finally {
				load.stop();
				Channels.close(channel);
				service.scheduler.shutdownNow();
			}
		});
	}

	private static int limit(GrpcServerLimits limits) {
		return limits.state().get(0).limit();
	}

	/** Keeps a number of unary calls in flight, each started when the previous one ends. */
	static final class Load {

		final AtomicInteger refused = new AtomicInteger();

		final AtomicInteger failed = new AtomicInteger();

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final EchoGrpc.EchoStub stub;

		Load(ManagedChannel channel, int concurrency) {
			this.stub = EchoGrpc.newStub(channel);
			for (int i = 0; i < concurrency; i++) {
				next();
			}
		}

		private void next() {
			if (!this.running.get()) {
				return;
			}
			this.stub.withDeadlineAfter(30, TimeUnit.SECONDS)
				.unary(EchoRequest.newBuilder().setText("x").build(), new StreamObserver<>() {

					@Override
					public void onNext(EchoReply value) {
					}

					@Override
					public void onError(Throwable t) {
						if (Status.fromThrowable(t).getCode() == Status.Code.UNAVAILABLE) {
							Load.this.refused.incrementAndGet();
						}
						else if (Load.this.running.get()) {
							Load.this.failed.incrementAndGet();
						}
						next();
					}

					@Override
					public void onCompleted() {
						next();
					}

				});
		}

		void stop() {
			this.running.set(false);
		}

	}

	/**
	 * Answers after 2 ms when fast; when slow, after 5 ms for every call it holds, like a
	 * service whose work queues behind a fixed capacity. Answers from a scheduler, so
	 * service threads are never parked.
	 */
	static class QueueingService extends EchoGrpc.EchoImplBase {

		final AtomicBoolean slow = new AtomicBoolean();

		final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

		private final AtomicInteger held = new AtomicInteger();

		@Override
		public void unary(EchoRequest request, StreamObserver<EchoReply> responseObserver) {
			int holding = this.held.incrementAndGet();
			long delay = this.slow.get() ? 5L * holding : 2;
			this.scheduler.schedule(() -> {
				this.held.decrementAndGet();
				responseObserver.onNext(EchoReply.newBuilder().setText(request.getText()).build());
				responseObserver.onCompleted();
			}, delay, TimeUnit.MILLISECONDS);
		}

	}

}
