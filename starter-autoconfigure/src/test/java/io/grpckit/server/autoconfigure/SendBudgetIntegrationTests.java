package io.grpckit.server.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.google.protobuf.ByteString;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.grpckit.server.GrpcServerLifecycle;
import io.grpckit.server.internal.SendBudget;
import io.grpckit.test.proto.EchoGrpc;
import io.grpckit.test.proto.EchoReply;
import io.grpckit.test.proto.EchoRequest;
import io.grpckit.testsupport.Channels;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The send budget (grpckit.server.outbound.buffer.*) against clients that stop reading,
 * over real connections: a service that sends 1 MiB messages from its on-ready handler, as
 * streaming code should, and clients that never ask for a message.
 */
class SendBudgetIntegrationTests {

	private static final int MESSAGE = 1024 * 1024;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcServerAutoConfiguration.class))
		.withBean(ChunkService.class)
		.withPropertyValues("grpckit.server.port=0", "grpckit.server.outbound.buffer.max-size=64MB",
				"grpckit.server.outbound.buffer.max-size-per-connection=4MB");

	@Test
	void slowReadersHoldNoMoreThanTheirConnectionsShare() {
		this.runner.run((context) -> {
			ChunkService service = context.getBean(ChunkService.class);
			ManagedChannel slow = channel(context);
			try {
				startUnread(slow, 20, 100);
				await().atMost(Duration.ofSeconds(20)).until(() -> service.started.get() == 20);
				SendBudget budget = context.getBean(SendBudget.class);
				await().atMost(Duration.ofSeconds(20)).until(() -> budget.waitingCalls() > 0);
				// each call's first message leaves for the client's 1 MiB stream window; without
				// the budget each call then queues a second one on the server (20 MiB, see
				// below), with it the connection's 4 MiB share is all the server holds
				assertThat(budget.heldBytes()).isLessThanOrEqualTo(4L * MESSAGE + 100);
				assertThat(service.sent.get()).isLessThanOrEqualTo(20 + 4);
			}
			finally {
				Channels.close(slow);
			}
		});
	}

	@Test
	void clientsOnOtherConnectionsAreServedInFull() {
		this.runner.run((context) -> {
			ChunkService service = context.getBean(ChunkService.class);
			ManagedChannel slow = channel(context);
			ManagedChannel fresh = channel(context);
			try {
				startUnread(slow, 20, 100);
				await().atMost(Duration.ofSeconds(20)).until(() -> service.started.get() == 20);
				Iterator<EchoReply> replies = EchoGrpc.newBlockingStub(fresh)
					.withDeadlineAfter(30, TimeUnit.SECONDS)
					.serverStream(EchoRequest.newBuilder().setCount(10).build());
				int count = 0;
				while (replies.hasNext()) {
					assertThat(replies.next().getPayload().size()).isEqualTo(MESSAGE);
					count++;
				}
				assertThat(count).isEqualTo(10);
			}
			finally {
				Channels.close(slow);
				Channels.close(fresh);
			}
		});
	}

	@Test
	void concurrentReadersOnOneConnectionAllFinishWithinATightShare() {
		// ten readers share 2 MiB: each waits its turn and is woken when another drains
		this.runner.withPropertyValues("grpckit.server.outbound.buffer.max-size-per-connection=2MB").run((context) -> {
			ManagedChannel channel = channel(context);
			try {
				List<CompletableFuture<Integer>> streams = new ArrayList<>();
				for (int i = 0; i < 10; i++) {
					CompletableFuture<Integer> done = new CompletableFuture<>();
					AtomicInteger received = new AtomicInteger();
					EchoGrpc.newStub(channel)
						.withDeadlineAfter(60, TimeUnit.SECONDS)
						.serverStream(EchoRequest.newBuilder().setCount(20).build(), new StreamObserver<>() {

							@Override
							public void onNext(EchoReply value) {
								received.incrementAndGet();
							}

							@Override
							public void onError(Throwable t) {
								done.completeExceptionally(t);
							}

							@Override
							public void onCompleted() {
								done.complete(received.get());
							}

						});
					streams.add(done);
				}
				for (CompletableFuture<Integer> stream : streams) {
					assertThat(stream.get(60, TimeUnit.SECONDS)).isEqualTo(20);
				}
				SendBudget budget = context.getBean(SendBudget.class);
				await().atMost(Duration.ofSeconds(10)).until(() -> budget.heldBytes() == 0);
			}
			finally {
				Channels.close(channel);
			}
		});
	}

	@Test
	void aCallWaitingPastMaxWaitEndsWithResourceExhaustedAndItsServiceIsCancelled() {
		this.runner.withPropertyValues("grpckit.server.outbound.buffer.max-wait=1s").run((context) -> {
			ChunkService service = context.getBean(ChunkService.class);
			ManagedChannel slow = channel(context);
			try {
				List<CompletableFuture<Status>> closed = startUnread(slow, 20, 100);
				await().atMost(Duration.ofSeconds(20))
					.until(() -> closed.stream().anyMatch(CompletableFuture::isDone));
				Status status = closed.stream().filter(CompletableFuture::isDone).findFirst().get().get();
				assertThat(status.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
				assertThat(status.getDescription()).contains("send buffer")
					.contains("grpckit.server.outbound.buffer");
				await().atMost(Duration.ofSeconds(10)).until(() -> service.cancelled.get() > 0);
				assertThat(context.getBean(SendBudget.class).expiredCalls()).isPositive();
			}
			finally {
				Channels.close(slow);
			}
		});
	}

	@Test
	void disabledBudgetLetsEverySlowReaderQueue() {
		// the measurement the limit is for: without it, each call queues a second message
		this.runner.withPropertyValues("grpckit.server.outbound.buffer.enabled=false").run((context) -> {
			ChunkService service = context.getBean(ChunkService.class);
			assertThat(context).doesNotHaveBean(SendBudget.class);
			ManagedChannel slow = channel(context);
			try {
				startUnread(slow, 20, 100);
				await().atMost(Duration.ofSeconds(20)).until(() -> service.sent.get() >= 40);
			}
			finally {
				Channels.close(slow);
			}
		});
	}

	private static ManagedChannel channel(ConfigurableApplicationContext context) {
		return Channels.loopback(context.getBean(GrpcServerLifecycle.class).getPort());
	}

	// calls whose client never requests a message, so never returns flow-control credit
	private static List<CompletableFuture<Status>> startUnread(ManagedChannel channel, int calls, int messages) {
		List<CompletableFuture<Status>> closed = new ArrayList<>();
		for (int i = 0; i < calls; i++) {
			CompletableFuture<Status> status = new CompletableFuture<>();
			ClientCall<EchoRequest, EchoReply> call = channel.newCall(EchoGrpc.getServerStreamMethod(),
					CallOptions.DEFAULT.withDeadlineAfter(60, TimeUnit.SECONDS));
			call.start(new ClientCall.Listener<>() {

				@Override
				public void onClose(Status closedWith, Metadata trailers) {
					status.complete(closedWith);
				}

			}, new Metadata());
			call.sendMessage(EchoRequest.newBuilder().setCount(messages).build());
			call.halfClose();
			closed.add(status);
		}
		return closed;
	}

	/** Sends count messages of 1 MiB from its on-ready handler. */
	static class ChunkService extends EchoGrpc.EchoImplBase {

		final AtomicInteger started = new AtomicInteger();

		final AtomicInteger sent = new AtomicInteger();

		final AtomicInteger cancelled = new AtomicInteger();

		@Override
		public void serverStream(EchoRequest request, StreamObserver<EchoReply> responseObserver) {
			this.started.incrementAndGet();
			ServerCallStreamObserver<EchoReply> call = (ServerCallStreamObserver<EchoReply>) responseObserver;
			AtomicInteger next = new AtomicInteger();
			call.setOnCancelHandler(this.cancelled::incrementAndGet);
			call.setOnReadyHandler(() -> {
				while (call.isReady() && next.get() < request.getCount()) {
					call.onNext(EchoReply.newBuilder()
						.setIndex(next.getAndIncrement())
						.setPayload(ByteString.copyFrom(new byte[MESSAGE]))
						.build());
					this.sent.incrementAndGet();
				}
				if (next.get() == request.getCount() && !call.isCancelled()) {
					call.onCompleted();
					next.incrementAndGet();
				}
			});
		}

	}

}
