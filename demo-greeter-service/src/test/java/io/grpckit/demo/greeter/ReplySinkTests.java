package io.grpckit.demo.greeter;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.grpckit.demo.greeter.proto.GreeterGrpc;
import io.grpckit.demo.greeter.proto.HelloReply;
import io.grpckit.demo.greeter.proto.HelloRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link ReplySink} faults, on real calls: a failing timer task, and a call that an
 * exception-mapping interceptor closes behind the sink's back. A test-only service provokes them; the greeter itself never does.
 */
class ReplySinkTests {

	private final GreeterProbe probe = new GreeterProbe();

	private final DelayScheduler scheduler = new DelayScheduler();

	private Server server;

	private ManagedChannel channel;

	@BeforeEach
	void start() throws Exception {
		this.probe.pendingTimers(this.scheduler::pending);
		this.server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
			.addService(ServerInterceptors.intercept(new FaultyService().bindService(), new ClosingOnFault()))
			.build()
			.start();
		this.channel = NettyChannelBuilder.forAddress("127.0.0.1", this.server.getPort()).usePlaintext().build();
	}

	@AfterEach
	void stop() throws Exception {
		this.channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		this.server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		this.scheduler.close();
	}

	@Test
	void failingTimerTaskEndsTheCallWithInternalAndNothingElse() throws Exception {
		RecordingObserver<HelloReply> replies = new RecordingObserver<>();
		GreeterGrpc.newStub(this.channel).sayHello(HelloRequest.newBuilder().setName("timer").build(), replies);
		Status status = replies.awaitStatus(Duration.ofSeconds(10));
		assertThat(status.getCode()).isEqualTo(Status.Code.INTERNAL);
		assertThat(status.getDescription()).isEqualTo(ReplySink.INTERNAL_DESCRIPTION);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.probe.openCalls() == 0);
	}

	@Test
	void callClosedByAnExceptionMappingInterceptorReleasesTheSinksTimers() throws Exception {
		RecordingObserver<HelloReply> replies = new RecordingObserver<>();
		GreeterGrpc.newStub(this.channel).sayHello(HelloRequest.newBuilder().setName("throw").build(), replies);
		assertThat(replies.awaitStatus(Duration.ofSeconds(10)).getCode()).isEqualTo(Status.Code.INTERNAL);
		assertThat(this.probe.cancellations()).isZero();
		await().atMost(Duration.ofSeconds(5))
			.until(() -> this.probe.pendingTimers() == 0 && this.probe.openCalls() == 0);
	}

	/**
	 * Closes the call with INTERNAL when the service throws, as the kit's exception mapping
	 * does: a clean close, not a cancellation, so only the sink's on-close handler sees it.
	 */
	private static final class ClosingOnFault implements ServerInterceptor {

		@Override
		public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
				ServerCallHandler<Q, R> next) {
			return new SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {
				@Override
				public void onHalfClose() {
					try {
						super.onHalfClose();
					}
					catch (RuntimeException ex) {
						call.close(Status.INTERNAL.withDescription("Internal error"), new Metadata());
					}
				}
			};
		}

	}

	private final class FaultyService extends GreeterGrpc.GreeterImplBase {

		@Override
		public void sayHello(HelloRequest request, StreamObserver<HelloReply> responseObserver) {
			ReplySink sink = ReplySink.open(responseObserver, ReplySinkTests.this.scheduler,
					ReplySinkTests.this.probe);
			if (request.getName().equals("timer")) {
				sink.after(10, () -> {
					throw new IllegalStateException("secret detail");
				});
			}
			else {
				sink.after(60_000, () -> sink.send(Greetings.greet("never", 0)));
				throw new IllegalStateException("secret detail");
			}
		}

	}

}
