package io.grpckit.client;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.grpckit.test.proto.EchoGrpc;
import io.grpckit.test.proto.EchoReply;
import io.grpckit.test.proto.EchoRequest;
import io.grpckit.testsupport.EchoServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Retry and hedging policies from properties, against a real Netty server on loopback;
 * each case also with the load-balancing policy wrapped for recording resolved addresses.
 */
class GrpcClientRetryHedgingIntegrationTests {

	private static final EchoRequest HELLO = EchoRequest.newBuilder().setText("hello").build();

	@ParameterizedTest(name = "recording resolved addresses: {0}")
	@ValueSource(booleans = { false, true })
	void methodFailingTwiceWithUnavailableIsOneSuccessAfterThreeAttempts(boolean recording) throws Exception {
		FailingTwiceService service = new FailingTwiceService();
		try (EchoServer server = EchoServer.start(service)) {
			runner(recording).withPropertyValues("grpckit.client.channel.echo.target=" + server.address(),
					"grpckit.client.channel.echo.method[0].retry.max-attempts=3",
					"grpckit.client.channel.echo.method[0].retry.initial-backoff=10ms",
					"grpckit.client.channel.echo.method[0].retry.max-backoff=50ms",
					"grpckit.client.channel.echo.method[0].retry.retryable-status-codes=UNAVAILABLE")
				.run((context) -> {
					EchoGrpc.EchoBlockingStub stub = EchoGrpc
						.newBlockingStub(context.getBean(GrpcChannelFactory.class).createChannel("echo"));
					assertThat(stub.withDeadlineAfter(10, TimeUnit.SECONDS).unary(HELLO).getText())
						.isEqualTo("attempt 3");
					assertThat(service.attempts.get()).isEqualTo(3);
				});
		}
	}

	@ParameterizedTest(name = "recording resolved addresses: {0}")
	@ValueSource(booleans = { false, true })
	void withoutEnoughAttemptsTheUnavailableStatusReachesTheCaller(boolean recording) throws Exception {
		FailingTwiceService service = new FailingTwiceService();
		try (EchoServer server = EchoServer.start(service)) {
			runner(recording).withPropertyValues("grpckit.client.channel.echo.target=" + server.address(),
					"grpckit.client.channel.echo.method[0].retry.max-attempts=2",
					"grpckit.client.channel.echo.method[0].retry.initial-backoff=10ms")
				.run((context) -> {
					EchoGrpc.EchoBlockingStub stub = EchoGrpc
						.newBlockingStub(context.getBean(GrpcChannelFactory.class).createChannel("echo"));
					assertThatExceptionOfType(StatusRuntimeException.class)
						.isThrownBy(() -> stub.withDeadlineAfter(10, TimeUnit.SECONDS).unary(HELLO))
						.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
					assertThat(service.attempts.get()).isEqualTo(2);
				});
		}
	}

	@ParameterizedTest(name = "recording resolved addresses: {0}")
	@ValueSource(booleans = { false, true })
	void hedgingSendsParallelAttempts(boolean recording) throws Exception {
		// answers only once three attempts are in flight together: sequential attempts would time out
		ParallelAttemptsService service = new ParallelAttemptsService(3);
		try (EchoServer server = EchoServer.start(service)) {
			runner(recording).withPropertyValues("grpckit.client.channel.echo.target=" + server.address(),
					"grpckit.client.channel.echo.method[0].hedging.max-attempts=3",
					"grpckit.client.channel.echo.method[0].hedging.delay=0ms")
				.run((context) -> {
					EchoGrpc.EchoBlockingStub stub = EchoGrpc
						.newBlockingStub(context.getBean(GrpcChannelFactory.class).createChannel("echo"));
					assertThat(stub.withDeadlineAfter(10, TimeUnit.SECONDS).unary(HELLO).getText())
						.startsWith("parallel");
					assertThat(service.arrived).isEqualTo(3);
				});
		}
	}

	private static ApplicationContextRunner runner(boolean recording) {
		return GrpcClientLoadBalancingIntegrationTests.runner(recording)
			.withPropertyValues("grpckit.client.channel.echo.method[0].names=grpckit.test.Echo/Unary");
	}

	static class FailingTwiceService extends EchoGrpc.EchoImplBase {

		final AtomicInteger attempts = new AtomicInteger();

		@Override
		public void unary(EchoRequest request, StreamObserver<EchoReply> responseObserver) {
			int attempt = this.attempts.incrementAndGet();
			if (attempt <= 2) {
				responseObserver.onError(Status.UNAVAILABLE.withDescription("attempt " + attempt).asRuntimeException());
				return;
			}
			responseObserver.onNext(EchoReply.newBuilder().setText("attempt " + attempt).build());
			responseObserver.onCompleted();
		}

	}

	static class ParallelAttemptsService extends EchoGrpc.EchoImplBase {

		private final int expected;

		private final List<StreamObserver<EchoReply>> waiting = new ArrayList<>();

		int arrived;

		ParallelAttemptsService(int expected) {
			this.expected = expected;
		}

		@Override
		public void unary(EchoRequest request, StreamObserver<EchoReply> responseObserver) {
			List<StreamObserver<EchoReply>> release = List.of();
			synchronized (this) {
				this.arrived++;
				this.waiting.add(responseObserver);
				if (this.arrived == this.expected) {
					release = List.copyOf(this.waiting);
				}
			}
			for (StreamObserver<EchoReply> observer : release) {
				try {
					observer.onNext(EchoReply.newBuilder().setText("parallel " + this.arrived).build());
					observer.onCompleted();
				}
				catch (StatusRuntimeException ex) {
					// the client cancels the losing attempts once one answer is committed
				}
			}
		}

	}

}
