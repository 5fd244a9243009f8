package io.grpckit.client;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.grpckit.client.autoconfigure.GrpcClientAutoConfiguration;
import io.grpckit.test.proto.EchoGrpc;
import io.grpckit.test.proto.EchoReply;
import io.grpckit.test.proto.EchoRequest;
import io.grpckit.testsupport.Calls;
import io.grpckit.testsupport.EchoServer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kit's retry policy (grpc-java's retries) honours the server's
 * {@code grpc-retry-pushback-ms} trailer, measured where it matters, at the server: the
 * next attempt arrives no sooner than the pushback after the previous one, whatever the
 * back-off says; a negative pushback stops retrying. The test service sends the trailer by
 * hand, as the server's limits do when they refuse a call.
 */
class RetryPushbackIntegrationTests {

	private static final Metadata.Key<String> PUSHBACK = Metadata.Key.of("grpc-retry-pushback-ms",
			Metadata.ASCII_STRING_MARSHALLER);

	// a back-off far below the pushback: the gap the server sees is the pushback's doing
	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcClientAutoConfiguration.class))
		.withPropertyValues("grpckit.client.channel.echo.method[0].names=grpckit.test.Echo/Unary",
				"grpckit.client.channel.echo.method[0].retry.max-attempts=3",
				"grpckit.client.channel.echo.method[0].retry.initial-backoff=10ms",
				"grpckit.client.channel.echo.method[0].retry.max-backoff=10ms",
				"grpckit.client.channel.echo.method[0].retry.retryable-status-codes=UNAVAILABLE");

	@Test
	void secondAttemptArrivesNoSoonerThanThePushback() throws Exception {
		PushingBackService service = new PushingBackService(Status.UNAVAILABLE, "300", 1);
		try (EchoServer server = EchoServer.start(service)) {
			this.runner.withPropertyValues("grpckit.client.channel.echo.target=" + server.address())
				.run((context) -> {
					assertThat(echo(context).unary(Calls.request("x")).getText()).isEqualTo("attempt 2");
					assertThat(service.arrivals).hasSize(2);
					assertThat(service.gapMillis(0)).isGreaterThanOrEqualTo(300);
				});
		}
	}

	@Test
	void pushbackAppliesToEveryRetry() throws Exception {
		PushingBackService service = new PushingBackService(Status.UNAVAILABLE, "150", 2);
		try (EchoServer server = EchoServer.start(service)) {
			this.runner.withPropertyValues("grpckit.client.channel.echo.target=" + server.address())
				.run((context) -> {
					assertThat(echo(context).unary(Calls.request("x")).getText()).isEqualTo("attempt 3");
					assertThat(service.gapMillis(0)).isGreaterThanOrEqualTo(150);
					assertThat(service.gapMillis(1)).isGreaterThanOrEqualTo(150);
				});
		}
	}

	@Test
	void negativePushbackMeansExactlyOneAttempt() throws Exception {
		PushingBackService service = new PushingBackService(Status.UNAVAILABLE, "-1", Integer.MAX_VALUE);
		try (EchoServer server = EchoServer.start(service)) {
			this.runner.withPropertyValues("grpckit.client.channel.echo.target=" + server.address())
				.run((context) -> {
					Status status = Calls.failure(() -> echo(context).unary(Calls.request("x")));
					assertThat(status.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
					assertThat(service.arrivals).hasSize(1);
				});
		}
	}

	@Test
	void withoutPushbackTheSameFailureIsRetried() throws Exception {
		// the control for the test above: the policy does retry this status
		PushingBackService service = new PushingBackService(Status.UNAVAILABLE, null, Integer.MAX_VALUE);
		try (EchoServer server = EchoServer.start(service)) {
			this.runner.withPropertyValues("grpckit.client.channel.echo.target=" + server.address())
				.run((context) -> {
					Calls.failure(() -> echo(context).unary(Calls.request("x")));
					assertThat(service.arrivals).hasSize(3);
				});
		}
	}

	@Test
	void pushbackIsRetriedEvenForAStatusThePolicyDoesNotRetry() throws Exception {
		// grpc-java retries after a pushback of 0 or more whatever the status (RetriableStream):
		// a RESOURCE_EXHAUSTED with pushback from a rate limit is retried once the permit is due
		PushingBackService service = new PushingBackService(Status.RESOURCE_EXHAUSTED, "200", 1);
		try (EchoServer server = EchoServer.start(service)) {
			this.runner.withPropertyValues("grpckit.client.channel.echo.target=" + server.address())
				.run((context) -> {
					assertThat(echo(context).unary(Calls.request("x")).getText()).isEqualTo("attempt 2");
					assertThat(service.gapMillis(0)).isGreaterThanOrEqualTo(200);
				});
		}
	}

	private static EchoGrpc.EchoBlockingStub echo(AssertableApplicationContext context) {
		return EchoGrpc.newBlockingStub(context.getBean(GrpcChannelFactory.class).createChannel("echo"))
			.withDeadlineAfter(20, TimeUnit.SECONDS);
	}

	/**
	 * Fails the first attempts with a status and a pushback trailer, then answers; records
	 * when each attempt arrived.
	 */
	static final class PushingBackService extends EchoGrpc.EchoImplBase {

		final List<Long> arrivals = new CopyOnWriteArrayList<>();

		private final Status status;

		private final String pushback;

		private final int failures;

		PushingBackService(Status status, String pushback, int failures) {
			this.status = status;
			this.pushback = pushback;
			this.failures = failures;
		}

		@Override
		public void unary(EchoRequest request, StreamObserver<EchoReply> responseObserver) {
			this.arrivals.add(System.nanoTime());
			int attempt = this.arrivals.size();
			if (attempt <= this.failures) {
				Metadata trailers = new Metadata();
				if (this.pushback != null) {
					trailers.put(PUSHBACK, this.pushback);
				}
				responseObserver
					.onError(this.status.withDescription("attempt " + attempt).asRuntimeException(trailers));
				return;
			}
			responseObserver.onNext(EchoReply.newBuilder().setText("attempt " + attempt).build());
			responseObserver.onCompleted();
		}

		long gapMillis(int index) {
			return TimeUnit.NANOSECONDS.toMillis(this.arrivals.get(index + 1) - this.arrivals.get(index));
		}

	}

}
