package io.grpckit.client;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.grpckit.RequestId;
import io.grpckit.client.autoconfigure.GrpcClientAutoConfiguration;
import io.grpckit.server.interceptor.RequestIdServerInterceptor;
import io.grpckit.test.proto.EchoGrpc;
import io.grpckit.test.proto.EchoReply;
import io.grpckit.test.proto.EchoRequest;
import io.grpckit.testsupport.Channels;
import io.grpckit.testsupport.EchoServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static io.grpckit.testsupport.Observers.forwardingTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two hops, client -> service A -> service B, where A calls B through an injected stub
 * while serving (both with the kit's real request id interceptor): the request id, the
 * deadline and cancellation travel along, also when A
 * hands the outgoing call to Spring's auto-configured task executor.
 */
class GrpcClientPropagationIntegrationTests {

	private ServiceB serviceB;

	private EchoServer serverB;

	@BeforeEach
	void startServiceB() {
		this.serviceB = new ServiceB();
		this.serverB = EchoServer.start(this.serviceB, new CapturingRequestIdInterceptor(this.serviceB));
	}

	@AfterEach
	void stopServiceB() throws InterruptedException {
		this.serverB.close();
	}

	private ApplicationContextRunner contextRunner(Class<?> serviceA) {
		return new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(GrpcClientAutoConfiguration.class, TaskExecutionAutoConfiguration.class))
			.withPropertyValues("grpckit.client.channel.b.target=" + this.serverB.address())
			.withUserConfiguration(serviceA);
	}

	@Test
	void requestIdAndDeadlineReachTheSecondHop() {
		contextRunner(DirectServiceA.class).run((context) -> assertPropagated(context.getBean(DirectServiceA.class)));
	}

	@Test
	void requestIdAndDeadlineReachTheSecondHopThroughTheTaskExecutor() {
		contextRunner(OffloadingServiceA.class)
			.run((context) -> assertPropagated(context.getBean(OffloadingServiceA.class)));
	}

	@Test
	void cancellingTheFirstCallCancelsTheSecondHop() throws Exception {
		contextRunner(OffloadingServiceA.class).run((context) -> {
			try (EchoServer serverA = EchoServer.start(context.getBean(OffloadingServiceA.class),
					new RequestIdServerInterceptor())) {
				ManagedChannel channel = Channels.loopback(serverA.port());
				try {
					Context.CancellableContext call = Context.current().withCancellation();
					call.run(() -> EchoGrpc.newFutureStub(channel)
						.unary(EchoRequest.newBuilder().setText("slow").setDelayMs(30_000).build()));
					await().atMost(Duration.ofSeconds(10)).until(() -> this.serviceB.received != null);
					assertThat(this.serviceB.cancelled).isFalse();
					call.cancel(null);
					await().atMost(Duration.ofSeconds(10)).until(() -> this.serviceB.cancelled);
				}
				finally {
					Channels.close(channel);
				}
			}
		});
	}

	private void assertPropagated(EchoGrpc.EchoImplBase serviceA) throws Exception {
		try (EchoServer serverA = EchoServer.start(serviceA, new RequestIdServerInterceptor())) {
			Metadata headers = new Metadata();
			headers.put(RequestId.HEADER, "req-42");
			ManagedChannel channel = Channels.loopback(serverA.port());
			try {
				EchoReply reply = EchoGrpc.newBlockingStub(channel)
					.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
					.withDeadlineAfter(5, TimeUnit.SECONDS)
					.unary(EchoRequest.newBuilder().setText("hi").build());
				assertThat(reply.getText()).isEqualTo("B:hi");
			}
			finally {
				Channels.close(channel);
			}
		}
		assertThat(this.serviceB.requestId).isEqualTo("req-42");
		assertThat(this.serviceB.deadline).isNotNull();
		// B runs under the client's 5 s deadline, less what the hops took
		assertThat(this.serviceB.deadline.timeRemaining(TimeUnit.MILLISECONDS)).isBetween(1L, 5_000L);
	}

	/**
	 * Service A: forwards each Unary call to B, on the serving thread.
	 */
	static class DirectServiceA extends EchoGrpc.EchoImplBase {

		@GrpcClient("b")
		EchoGrpc.EchoStub serviceB;

		@Override
		public void unary(EchoRequest request, StreamObserver<EchoReply> responseObserver) {
			this.serviceB.unary(request, forwardingTo(responseObserver));
		}

	}

	/**
	 * Service A: hands each Unary call to Spring Boot's task executor, which calls B.
	 */
	static class OffloadingServiceA extends EchoGrpc.EchoImplBase {

		private final EchoGrpc.EchoStub serviceB;

		private final Executor executor;

		OffloadingServiceA(@GrpcClient("b") EchoGrpc.EchoStub serviceB,
				@Qualifier("applicationTaskExecutor") Executor executor) {
			this.serviceB = serviceB;
			this.executor = executor;
		}

		@Override
		public void unary(EchoRequest request, StreamObserver<EchoReply> responseObserver) {
			this.executor.execute(() -> this.serviceB.unary(request, forwardingTo(responseObserver)));
		}

	}

	/**
	 * Service B: records what reached it, answers at once unless asked to wait.
	 */
	static class ServiceB extends EchoGrpc.EchoImplBase {

		volatile String requestId;

		volatile Deadline deadline;

		volatile EchoRequest received;

		volatile boolean cancelled;

		@Override
		public void unary(EchoRequest request, StreamObserver<EchoReply> responseObserver) {
			this.deadline = Context.current().getDeadline();
			this.received = request;
			if (request.getDelayMs() > 0) {
				// never answers: only the caller's cancellation ends this call
				Context.current().addListener((context) -> this.cancelled = true, Runnable::run);
				return;
			}
			responseObserver.onNext(EchoReply.newBuilder().setText("B:" + request.getText()).build());
			responseObserver.onCompleted();
		}

	}

	/**
	 * Records the request id header that reached B.
	 */
	record CapturingRequestIdInterceptor(ServiceB service) implements ServerInterceptor {

		@Override
		public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
				ServerCallHandler<ReqT, RespT> next) {
			this.service.requestId = headers.get(RequestId.HEADER);
			return next.startCall(call, headers);
		}

	}

}
