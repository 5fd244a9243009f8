package io.grpckit.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.google.common.util.concurrent.ListenableFuture;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.grpckit.server.autoconfigure.GrpcServerAutoConfiguration;
import io.grpckit.test.proto.EchoGrpc;
import io.grpckit.test.proto.EchoReply;
import io.grpckit.test.proto.EchoRequest;
import io.grpckit.testsupport.Channels;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The default service thread pool under blocking service code, over a real channel: it
 * never runs more than its maximum at once, the rest wait and complete, and calls that
 * block on each other all get a thread (a pool sized to the cores would hang here).
 */
class GrpcServiceThreadPoolIntegrationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcServerAutoConfiguration.class))
		.withBean(BlockingEcho.class)
		.withPropertyValues("grpckit.server.port=0");

	@Test
	void callsBeyondTheMaximumWaitForAThreadAndAllComplete() {
		this.runner.withPropertyValues("grpckit.server.executor.max-threads=2").run((context) -> {
			BlockingEcho service = context.getBean(BlockingEcho.class);
			GrpcServiceThreadPool pool = context.getBean(GrpcServiceThreadPool.class);
			ManagedChannel channel = Channels.loopback(context.getBean(GrpcServerLifecycle.class).getPort());
			try {
				List<ListenableFuture<EchoReply>> calls = new ArrayList<>();
				for (int i = 0; i < 5; i++) {
					calls.add(EchoGrpc.newFutureStub(channel)
						.withDeadlineAfter(30, TimeUnit.SECONDS)
						.unary(EchoRequest.newBuilder().setText("call " + i).build()));
				}
				await().atMost(Duration.ofSeconds(10))
					.until(() -> service.running.get() == 2 && pool.getQueuedTasks() >= 3);
				service.release.countDown();
				for (int i = 0; i < 5; i++) {
					assertThat(calls.get(i).get(30, TimeUnit.SECONDS).getText()).isEqualTo("call " + i);
				}
				assertThat(service.peak.get()).isEqualTo(2);
				assertThat(pool.getThreads()).isLessThanOrEqualTo(2);
			}
			finally {
				service.release.countDown();
				Channels.close(channel);
			}
		});
	}

	@Test
	void callsThatBlockOnEachOtherAllGetAThread() {
		int calls = 20;
		this.runner.withBean(CountDownLatch.class, () -> new CountDownLatch(calls)).run((context) -> {
			BlockingEcho service = context.getBean(BlockingEcho.class);
			service.release.countDown();
			ManagedChannel channel = Channels.loopback(context.getBean(GrpcServerLifecycle.class).getPort());
			try {
				List<ListenableFuture<EchoReply>> futures = new ArrayList<>();
				for (int i = 0; i < calls; i++) {
					futures.add(EchoGrpc.newFutureStub(channel)
						.withDeadlineAfter(30, TimeUnit.SECONDS)
						.unary(EchoRequest.newBuilder().setText("together").build()));
				}
				for (ListenableFuture<EchoReply> future : futures) {
					assertThat(future.get(30, TimeUnit.SECONDS).getText()).isEqualTo("together");
				}
				assertThat(service.peak.get()).isEqualTo(calls);
			}
			finally {
				Channels.close(channel);
			}
		});
	}

	/**
	 * Blocks each call until {@code release} opens, then, when a shared latch is present,
	 * until every call has arrived.
	 */
	static class BlockingEcho extends EchoGrpc.EchoImplBase {

		final CountDownLatch release = new CountDownLatch(1);

		final AtomicInteger running = new AtomicInteger();

		final AtomicInteger peak = new AtomicInteger();

		private final CountDownLatch together;

		BlockingEcho(ObjectProvider<CountDownLatch> together) {
			this.together = together.getIfAvailable();
		}

		@Override
		public void unary(EchoRequest request, StreamObserver<EchoReply> responseObserver) {
			this.peak.accumulateAndGet(this.running.incrementAndGet(), Math::max);
			try {
				boolean released = this.release.await(30, TimeUnit.SECONDS);
				if (released && this.together != null) {
					this.together.countDown();
					released = this.together.await(30, TimeUnit.SECONDS);
				}
				if (!released) {
					responseObserver.onError(Status.DEADLINE_EXCEEDED.withDescription("never released").asException());
					return;
				}
				responseObserver.onNext(EchoReply.newBuilder().setText(request.getText()).build());
				responseObserver.onCompleted();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				responseObserver.onError(Status.CANCELLED.withDescription("interrupted").asException());
			}
			finally {
				this.running.decrementAndGet();
			}
		}

	}

}
