package io.grpckit.server.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.grpckit.RequestId;
import io.grpckit.server.GrpcServerLifecycle;
import io.grpckit.server.GrpcServiceThreadPool;
import io.grpckit.server.autoconfigure.health.GrpcServerHealthAutoConfiguration;
import io.grpckit.server.autoconfigure.security.GrpcServerSecurityAutoConfiguration;
import io.grpckit.server.error.GrpcAdvice;
import io.grpckit.server.error.GrpcExceptionHandler;
import io.grpckit.server.limits.GrpcServerLimits;
import io.grpckit.server.limits.LimitsObserver;
import io.grpckit.test.proto.EchoGrpc;
import io.grpckit.test.proto.EchoReply;
import io.grpckit.test.proto.EchoRequest;
import io.grpckit.testsupport.Channels;
import io.grpckit.testsupport.RawHttp2Connection;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The server limits (grpckit.server.limits.*) over real Netty connections: calls over a
 * limit are refused with a pushback trailer, fast, while every service thread is parked in
 * service code, and admitted calls run to completion.
 */
class ServerLimitsIntegrationTests {

	private static final Metadata.Key<String> PUSHBACK = Metadata.Key.of("grpc-retry-pushback-ms",
			Metadata.ASCII_STRING_MARSHALLER);

	private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
			Metadata.ASCII_STRING_MARSHALLER);

	private static final Metadata.Key<String> TENANT = Metadata.Key.of("x-tenant", Metadata.ASCII_STRING_MARSHALLER);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcServerAutoConfiguration.class,
				GrpcServerHealthAutoConfiguration.class))
		.withUserConfiguration(Beans.class)
		.withPropertyValues("grpckit.server.port=0");

	@Test
	void callsOverTheServerLimitAreRefusedAtOnceWhileEveryServiceThreadIsParked() {
		this.runner.withPropertyValues("grpckit.server.limits.max-concurrent-calls=4", "grpckit.server.executor.max-threads=4")
			.run((context) -> withChannel(context, (channel) -> {
				MeterRegistry meters = new SimpleMeterRegistry();
				context.getBean(LimitsMeters.class).bindTo(meters);
				ParkingService service = context.getBean(ParkingService.class);
				List<Outcome> parked = start(channel, 4, new Metadata());
				await().atMost(Duration.ofSeconds(20)).until(() -> service.entered.get() == 4);
				assertThat(context.getBean(GrpcServiceThreadPool.class).getActiveThreads()).isEqualTo(4);
				// a warm-up refusal, then the measured ones: over the limit, answered without a
				// service thread (all four are parked), so they come back while the four wait
				Outcome.await(start(channel, 1, new Metadata()));
				List<Outcome> refused = refused(channel, 16);
				for (Outcome outcome : refused) {
					assertThat(outcome.status.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
					assertThat(outcome.status.getDescription())
						.isEqualTo("the server is at its limit of 4 concurrent calls "
								+ "(grpckit.server.limits.max-concurrent-calls)");
					assertThat(outcome.trailers.get(PUSHBACK)).isEqualTo("100");
					// refusals carry the request id like any call
					assertThat(outcome.trailers.get(RequestId.HEADER)).isNotBlank();
				}
				assertThat(service.entered.get()).isEqualTo(4);
				assertThat(parked).noneMatch(Outcome::isDone);
				service.release.countDown();
				for (Outcome outcome : Outcome.await(parked)) {
					assertThat(outcome.status.getCode()).isEqualTo(Status.Code.OK);
				}
				GrpcServerLimits limits = context.getBean(GrpcServerLimits.class);
				await().atMost(Duration.ofSeconds(10)).until(() -> limits.state().get(0).inFlight() == 0);
				// no advice saw a refusal, and none was logged as a failure
				assertThat(context.getBean(CountingAdvice.class).handled.get()).isZero();
				assertThat(meters.get("grpckit.server.limits.calls")
					.tags("method", "grpckit.test.Echo/Unary", "outcome", "refused", "reason", "concurrency")
					.counter()
					.count()).isEqualTo(17);
				assertThat(meters.get("grpckit.server.limits.calls")
					.tags("method", "grpckit.test.Echo/Unary", "outcome", "admitted")
					.counter()
					.count()).isEqualTo(4);
				assertThat(meters.get("grpckit.server.limits.limit").tag("scope", "server").gauge().value())
					.isEqualTo(4);
			}));
	}

	@Test
	void refusalsOfRequestsStillOnTheirWayCauseNoStreamResets() throws Exception {
		// a refused unary call is answered once its request is in: a client whose request is
		// still on its way when the answer comes resets the stream (grpc-java's does), and
		// resets count against the connection (max-resets-per-window, 200 per 30 s), so a
		// flood of refusals would end in GOAWAY for a well-behaved client
		this.runner.withPropertyValues("grpckit.server.limits.max-concurrent-calls=1")
			.run((context) -> withChannel(context, (channel) -> {
				ParkingService service = context.getBean(ParkingService.class);
				List<Outcome> parked = start(channel, 1, new Metadata());
				await().atMost(Duration.ofSeconds(20)).until(() -> service.entered.get() == 1);
				int port = context.getBean(GrpcServerLifecycle.class).getPort();
				try (RawHttp2Connection raw = RawHttp2Connection.open(port, Duration.ofMillis(300))) {
					int trailers = 0;
					for (int batch = 0; batch < 3; batch++) {
						List<Integer> streams = new ArrayList<>();
						for (int i = 0; i < 100; i++) {
							streams.add(raw.openRequest("/grpckit.test.Echo/Unary"));
						}
						raw.flush();
						// the server has seen the headers and decided, and answers nothing yet
						List<RawHttp2Connection.Frame> early = raw.readUntilClosed();
						assertThat(early).as("batch %d, before the requests", batch)
							.noneMatch((frame) -> frame.type() == RawHttp2Connection.HEADERS && frame.stream() > 0);
						for (int stream : streams) {
							// an empty message: not compressed, length 0; end of stream
							raw.send(RawHttp2Connection.DATA, 0x1, stream, new byte[5]);
						}
						raw.flush();
						List<RawHttp2Connection.Frame> frames = raw.readUntilClosed();
						assertThat(frames).as("batch %d", batch)
							.noneMatch((frame) -> frame.type() == RawHttp2Connection.GOAWAY
									|| frame.type() == RawHttp2Connection.RST_STREAM);
						trailers += (int) frames.stream()
							.filter((frame) -> frame.type() == RawHttp2Connection.HEADERS && (frame.flags() & 0x1) != 0)
							.count();
					}
					assertThat(raw.closedByServer()).isFalse();
					assertThat(trailers).isEqualTo(300);
				}
				service.release.countDown();
				assertThat(Outcome.await(parked).get(0).status.isOk()).isTrue();
			}));
	}

	@Test
	void healthChecksAreAnsweredWhileTheServerIsAtItsLimit() {
		this.runner.withPropertyValues("grpckit.server.limits.max-concurrent-calls=2")
			.run((context) -> withChannel(context, (channel) -> {
				ParkingService service = context.getBean(ParkingService.class);
				List<Outcome> parked = start(channel, 2, new Metadata());
				await().atMost(Duration.ofSeconds(20)).until(() -> service.entered.get() == 2);
				HealthCheckResponse health = HealthGrpc.newBlockingStub(channel)
					.withDeadlineAfter(10, TimeUnit.SECONDS)
					.check(HealthCheckRequest.getDefaultInstance());
				assertThat(health.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
				service.release.countDown();
				Outcome.await(parked);
			}));
	}

	@Test
	void aMethodLimitRefusesOnlyThatMethod() {
		this.runner.withPropertyValues("grpckit.server.limits.methods[grpckit.test.Echo/Unary].max-concurrent-calls=2")
			.run((context) -> withChannel(context, (channel) -> {
				ParkingService service = context.getBean(ParkingService.class);
				List<Outcome> parked = start(channel, 2, new Metadata());
				await().atMost(Duration.ofSeconds(20)).until(() -> service.entered.get() == 2);
				for (Outcome outcome : refused(channel, 4)) {
					assertThat(outcome.status.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
					assertThat(outcome.status.getDescription()).isEqualTo(
							"grpckit.test.Echo/Unary is at its limit of 2 concurrent calls "
									+ "(grpckit.server.limits.methods[grpckit.test.Echo/Unary].max-concurrent-calls)");
					assertThat(outcome.trailers.get(PUSHBACK)).isEqualTo("100");
				}
				// another method is not limited
				EchoReply reply = EchoGrpc.newBlockingStub(channel)
					.withDeadlineAfter(10, TimeUnit.SECONDS)
					.serverStream(EchoRequest.newBuilder().setText("x").setCount(1).build())
					.next();
				assertThat(reply.getText()).isEqualTo("x");
				service.release.countDown();
				assertThat(Outcome.await(parked)).allMatch((outcome) -> outcome.status.isOk());
			}));
	}

	@Test
	void openStreamsCountAgainstTheLimitUntilTheyEnd() {
		this.runner.withPropertyValues("grpckit.server.limits.max-concurrent-calls=2")
			.run((context) -> withChannel(context, (channel) -> {
				ParkingService service = context.getBean(ParkingService.class);
				List<CompletableFuture<Status>> streams = new ArrayList<>();
				List<ClientCall<EchoRequest, EchoReply>> calls = new ArrayList<>();
				for (int i = 0; i < 2; i++) {
					CompletableFuture<Status> closed = new CompletableFuture<>();
					ClientCall<EchoRequest, EchoReply> call = channel.newCall(EchoGrpc.getBidiMethod(),
							CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS));
					call.start(new ClientCall.Listener<>() {

						@Override
						public void onClose(Status status, Metadata trailers) {
							closed.complete(status);
						}

					}, new Metadata());
					call.request(10);
					calls.add(call);
					streams.add(closed);
				}
				await().atMost(Duration.ofSeconds(20)).until(() -> service.openStreams.get() == 2);
				Outcome refused = Outcome.await(start(channel, 1, new Metadata())).get(0);
				assertThat(refused.status.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
				calls.forEach(ClientCall::halfClose);
				for (CompletableFuture<Status> stream : streams) {
					assertThat(stream.get(20, TimeUnit.SECONDS).isOk()).isTrue();
				}
				service.release.countDown();
				await().atMost(Duration.ofSeconds(10))
					.until(() -> context.getBean(GrpcServerLimits.class).state().get(0).inFlight() == 0);
				assertThat(Outcome.await(start(channel, 1, new Metadata())).get(0).status.isOk()).isTrue();
			}));
	}

	@Test
	void aCallThatWaitedLongerThanTheMaxQueueTimeIsRefusedBeforeItsServiceCodeRuns() {
		this.runner.withPropertyValues("grpckit.server.limits.max-queue-time=50ms", "grpckit.server.executor.max-threads=1",
				"grpckit.server.limits.retry-pushback=250ms")
			.run((context) -> withChannel(context, (channel) -> {
				ParkingService service = context.getBean(ParkingService.class);
				GrpcServiceThreadPool pool = context.getBean(GrpcServiceThreadPool.class);
				List<Outcome> first = start(channel, 1, new Metadata());
				await().atMost(Duration.ofSeconds(20)).until(() -> service.entered.get() == 1);
				List<Outcome> queued = start(channel, 1, new Metadata());
				await().atMost(Duration.ofSeconds(20)).until(() -> pool.getQueuedTasks() == 1);
				// still waiting for the one thread well past the maximum queue time
				await().pollDelay(Duration.ofMillis(200)).atMost(Duration.ofSeconds(20))
					.until(() -> pool.getQueuedTasks() == 1);
				service.release.countDown();
				Outcome late = Outcome.await(queued).get(0);
				assertThat(late.status.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
				assertThat(late.status.getDescription()).startsWith("waited ")
					.endsWith(" ms for a service thread, longer than grpckit.server.limits.max-queue-time (50 ms)");
				assertThat(late.trailers.get(PUSHBACK)).isEqualTo("250");
				assertThat(Outcome.await(first).get(0).status.isOk()).isTrue();
				assertThat(service.entered.get()).isEqualTo(1);
			}));
	}

	@Test
	void callsOverTheRateAreRefusedWithTheTimeToTheNextPermit() {
		this.runner.withPropertyValues("grpckit.server.limits.methods[grpckit.test.Echo/Unary].rate=0.5",
				"grpckit.server.limits.methods[grpckit.test.Echo/Unary].burst=2")
			.run((context) -> withChannel(context, (channel) -> {
				context.getBean(ParkingService.class).release.countDown();
				List<Outcome> outcomes = new ArrayList<>();
				for (int i = 0; i < 3; i++) {
					outcomes.addAll(Outcome.await(start(channel, 1, new Metadata())));
				}
				assertThat(outcomes.get(0).status.isOk()).isTrue();
				assertThat(outcomes.get(1).status.isOk()).isTrue();
				Outcome refused = outcomes.get(2);
				assertThat(refused.status.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
				assertThat(refused.status.getDescription()).startsWith("over the rate of 0.5 calls per second for "
						+ "grpckit.test.Echo/Unary (grpckit.server.limits.methods[grpckit.test.Echo/Unary].rate)");
				// two permits every four seconds: the next comes within four seconds
				long pushback = Long.parseLong(refused.trailers.get(PUSHBACK));
				assertThat(pushback).isBetween(1L, 4000L);
				assertThat(refused.status.getDescription()).endsWith("next call allowed in " + pushback + " ms");
			}));
	}

	@Test
	void aRateKeptPerHeaderValueLetsOneCallerNotStarveAnother() {
		this.runner.withPropertyValues("grpckit.server.limits.methods[grpckit.test.Echo/*].rate=0.1",
				"grpckit.server.limits.methods[grpckit.test.Echo/*].burst=1",
				"grpckit.server.limits.methods[grpckit.test.Echo/*].key=header:x-tenant")
			.run((context) -> withChannel(context, (channel) -> {
				context.getBean(ParkingService.class).release.countDown();
				assertThat(unary(channel, tenant("a"))).isEqualTo(Status.Code.OK);
				assertThat(unary(channel, tenant("a"))).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
				assertThat(unary(channel, tenant("b"))).isEqualTo(Status.Code.OK);
				assertThat(unary(channel, tenant("b"))).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
				// callers without the header share one key
				assertThat(unary(channel, new Metadata())).isEqualTo(Status.Code.OK);
				assertThat(unary(channel, new Metadata())).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
			}));
	}

	@Test
	void aRateKeptPerPrincipalLimitsEachAuthenticatedCaller() {
		this.runner.withConfiguration(AutoConfigurations.of(GrpcServerSecurityAutoConfiguration.class))
			.withUserConfiguration(Users.class)
			.withPropertyValues("grpckit.server.security.default-access=authenticated",
					"grpckit.server.limits.methods[grpckit.test.Echo/Unary].rate=0.1",
					"grpckit.server.limits.methods[grpckit.test.Echo/Unary].burst=1",
					"grpckit.server.limits.methods[grpckit.test.Echo/Unary].key=principal")
			.run((context) -> withChannel(context, (channel) -> {
				context.getBean(ParkingService.class).release.countDown();
				assertThat(unary(channel, basic("alice"))).isEqualTo(Status.Code.OK);
				assertThat(unary(channel, basic("alice"))).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
				assertThat(unary(channel, basic("bob"))).isEqualTo(Status.Code.OK);
				assertThat(unary(channel, basic("bob"))).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
				assertThat(context.getBean(CountingAdvice.class).handled.get()).isZero();
			}));
	}

	@Test
	void retryPushbackMinusOneAsksClientsNotToRetry() {
		this.runner.withPropertyValues("grpckit.server.limits.max-concurrent-calls=1", "grpckit.server.limits.retry-pushback=-1")
			.run((context) -> withChannel(context, (channel) -> {
				ParkingService service = context.getBean(ParkingService.class);
				List<Outcome> parked = start(channel, 1, new Metadata());
				await().atMost(Duration.ofSeconds(20)).until(() -> service.entered.get() == 1);
				Outcome refused = Outcome.await(start(channel, 1, new Metadata())).get(0);
				assertThat(refused.trailers.get(PUSHBACK)).isEqualTo("-1");
				service.release.countDown();
				Outcome.await(parked);
			}));
	}

	@Test
	void aRetryingClientWaitsThePushbackBetweenAttemptsAndStopsAtMinusOne() {
		// the kit's server limits and grpc-java's retries, end to end: refusals are recorded
		// where they happen, at the server
		this.runner.withPropertyValues("grpckit.server.limits.max-concurrent-calls=1",
				"grpckit.server.limits.retry-pushback=300ms")
			.withBean(RefusalTimes.class)
			.run((context) -> withChannel(context, (channel) -> {
				ParkingService service = context.getBean(ParkingService.class);
				List<Outcome> parked = start(channel, 1, new Metadata());
				await().atMost(Duration.ofSeconds(20)).until(() -> service.entered.get() == 1);
				RefusalTimes refusals = context.getBean(RefusalTimes.class);
				ManagedChannel retrying = retryingChannel(context);
				try {
					Status.Code code = unary(retrying, new Metadata());
					assertThat(code).isEqualTo(Status.Code.UNAVAILABLE);
					assertThat(refusals.nanos).hasSize(3);
					for (int i = 1; i < 3; i++) {
						assertThat(refusals.nanos.get(i) - refusals.nanos.get(i - 1))
							.isGreaterThanOrEqualTo(Duration.ofMillis(300).toNanos());
					}
				}
				finally {
					Channels.close(retrying);
				}
				service.release.countDown();
				Outcome.await(parked);
			}));
	}

	@Test
	void aPushbackOfMinusOneEndsTheRetries() {
		this.runner.withPropertyValues("grpckit.server.limits.max-concurrent-calls=1",
				"grpckit.server.limits.retry-pushback=-1")
			.withBean(RefusalTimes.class)
			.run((context) -> withChannel(context, (channel) -> {
				ParkingService service = context.getBean(ParkingService.class);
				List<Outcome> parked = start(channel, 1, new Metadata());
				await().atMost(Duration.ofSeconds(20)).until(() -> service.entered.get() == 1);
				ManagedChannel retrying = retryingChannel(context);
				try {
					assertThat(unary(retrying, new Metadata())).isEqualTo(Status.Code.UNAVAILABLE);
					assertThat(context.getBean(RefusalTimes.class).nanos).hasSize(1);
				}
				finally {
					Channels.close(retrying);
				}
				service.release.countDown();
				Outcome.await(parked);
			}));
	}

	// three attempts on UNAVAILABLE, 10 ms backoff: without pushback the retries come at once
	private static ManagedChannel retryingChannel(ConfigurableApplicationContext context) {
		Map<String, Object> retryPolicy = Map.of("maxAttempts", 3.0, "initialBackoff", "0.01s", "maxBackoff",
				"0.01s", "backoffMultiplier", 1.0, "retryableStatusCodes", List.of("UNAVAILABLE"));
		Map<String, Object> methodConfig = Map.of("name", List.of(Map.of("service", "grpckit.test.Echo")),
				"retryPolicy", retryPolicy);
		return NettyChannelBuilder.forAddress("127.0.0.1", context.getBean(GrpcServerLifecycle.class).getPort())
			.usePlaintext()
			.defaultServiceConfig(Map.of("methodConfig", List.of(methodConfig)))
			.enableRetry()
			.build();
	}

	/** When each refusal was decided, at the server. */
	static class RefusalTimes implements LimitsObserver {

		final List<Long> nanos = new java.util.concurrent.CopyOnWriteArrayList<>();

		@Override
		public void admitted(String method) {
		}

		@Override
		public void refused(String method, Refusal reason) {
			this.nanos.add(System.nanoTime());
		}

	}

	private static Metadata tenant(String tenant) {
		Metadata headers = new Metadata();
		headers.put(TENANT, tenant);
		return headers;
	}

	private static Metadata basic(String user) {
		Metadata headers = new Metadata();
		headers.put(AUTHORIZATION,
				"Basic " + Base64.getEncoder().encodeToString((user + ":secret").getBytes()));
		return headers;
	}

	private static Status.Code unary(ManagedChannel channel, Metadata headers) throws Exception {
		return Outcome.await(start(channel, 1, headers)).get(0).status.getCode();
	}

	/**
	 * Starts the calls of one measured round and waits for them; a round where a refusal took
	 * 100 ms or more (a scheduling hiccup on a busy machine) is repeated once. Refusals that
	 * needed a service thread would not come back at all while every thread is parked.
	 */
	/**
	 * Make calls the server must refuse and wait for their answers. That they come back while
	 * every service thread is parked shows they were answered without one; how fast is for the
	 * benchmarks (overload.sh), not a test on a shared machine.
	 */
	private static List<Outcome> refused(ManagedChannel channel, int calls) throws Exception {
		return Outcome.await(start(channel, calls, new Metadata()));
	}

	private static List<Outcome> start(ManagedChannel channel, int calls, Metadata headers) {
		List<Outcome> outcomes = new ArrayList<>();
		for (int i = 0; i < calls; i++) {
			Outcome outcome = new Outcome();
			ClientCall<EchoRequest, EchoReply> call = channel.newCall(EchoGrpc.getUnaryMethod(),
					CallOptions.DEFAULT.withDeadlineAfter(60, TimeUnit.SECONDS));
			Metadata copy = new Metadata();
			copy.merge(headers);
			call.start(outcome, copy);
			call.request(1);
			call.sendMessage(EchoRequest.newBuilder().setText("hi").build());
			call.halfClose();
			outcomes.add(outcome);
		}
		return outcomes;
	}

	private static void withChannel(ConfigurableApplicationContext context, ChannelTest test) throws Exception {
		ManagedChannel channel = Channels.loopback(context.getBean(GrpcServerLifecycle.class).getPort());
		try {
			test.run(channel);
		}
		finally {
			context.getBean(ParkingService.class).release.countDown();
			Channels.close(channel);
		}
	}

	@FunctionalInterface
	interface ChannelTest {

		void run(ManagedChannel channel) throws Exception;

	}

	/** How one call ended. */
	static final class Outcome extends ClientCall.Listener<EchoReply> {

		private final CompletableFuture<Outcome> done = new CompletableFuture<>();

		Status status;

		Metadata trailers;

		@Override
		public void onClose(Status status, Metadata trailers) {
			this.status = status;
			this.trailers = trailers;
			this.done.complete(this);
		}

		boolean isDone() {
			return this.done.isDone();
		}

		static List<Outcome> await(List<Outcome> outcomes) throws Exception {
			for (Outcome outcome : outcomes) {
				outcome.done.get(60, TimeUnit.SECONDS);
			}
			return outcomes;
		}

	}

	/** Parks unary calls until released; holds bidi calls open until the client half-closes. */
	static class ParkingService extends EchoGrpc.EchoImplBase {

		final AtomicInteger entered = new AtomicInteger();

		final AtomicInteger openStreams = new AtomicInteger();

		final CountDownLatch release = new CountDownLatch(1);

		@Override
		public void unary(EchoRequest request, StreamObserver<EchoReply> responseObserver) {
			this.entered.incrementAndGet();
			try {
				this.release.await(60, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			responseObserver.onNext(EchoReply.newBuilder().setText(request.getText()).build());
			responseObserver.onCompleted();
		}

		@Override
		public void serverStream(EchoRequest request, StreamObserver<EchoReply> responseObserver) {
			responseObserver.onNext(EchoReply.newBuilder().setText(request.getText()).build());
			responseObserver.onCompleted();
		}

		@Override
		public StreamObserver<EchoRequest> bidi(StreamObserver<EchoReply> responseObserver) {
			this.openStreams.incrementAndGet();
			return new StreamObserver<>() {

				@Override
				public void onNext(EchoRequest value) {
				}

				@Override
				public void onError(Throwable t) {
				}

				@Override
				public void onCompleted() {
					responseObserver.onCompleted();
				}

			};
		}

	}

	/** Counts the failures it is asked to handle: a refusal must never reach it. */
	@GrpcAdvice
	static class CountingAdvice {

		final AtomicInteger handled = new AtomicInteger();

		@GrpcExceptionHandler
		Status any(RuntimeException ex) {
			this.handled.incrementAndGet();
			return Status.INTERNAL.withDescription("mapped");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Beans {

		@Bean
		ParkingService parkingService() {
			return new ParkingService();
		}

		@Bean
		CountingAdvice countingAdvice() {
			return new CountingAdvice();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Users {

		@Bean
		AuthenticationManager authenticationManager() {
			InMemoryUserDetailsManager users = new InMemoryUserDetailsManager(
					User.withUsername("alice").password("{noop}secret").roles("USER").build(),
					User.withUsername("bob").password("{noop}secret").roles("USER").build());
			return new ProviderManager(new DaoAuthenticationProvider(users));
		}

	}

}
