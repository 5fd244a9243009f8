package io.grpckit.client.resilience;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpckit.client.GrpcChannelFactory;
import io.grpckit.client.autoconfigure.GrpcClientAutoConfiguration;
import io.grpckit.client.resilience.ChannelCircuitBreakers.BreakerState;
import io.grpckit.test.proto.EchoGrpc;
import io.grpckit.test.proto.EchoReply;
import io.grpckit.test.proto.EchoRequest;
import io.grpckit.test.proto.OrderedEchoGrpc;
import io.grpckit.testsupport.Calls;
import io.grpckit.testsupport.EchoServer;
import io.grpckit.testsupport.FlakyBackend;
import io.grpckit.testsupport.Observers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * Circuit breakers of channels from properties, against a real Netty server on loopback
 * whose calls are counted: failures open the breaker, an open breaker fails calls without
 * reaching the server, a trial call after the wait closes it, one breaker per method keeps
 * methods apart.
 */
class CircuitBreakerIntegrationTests {

	private static final String BREAKER = "grpckit.client.channel.echo.circuit-breaker.";

	private final FlakyBackend backend = new FlakyBackend();

	private EchoServer server;

	private ApplicationContextRunner runner;

	@BeforeEach
	void start() {
		this.server = this.backend.start();
		this.runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(GrpcClientAutoConfiguration.class))
			.withPropertyValues("grpckit.client.channel.echo.target=" + this.server.address(), BREAKER + "enabled=true",
					BREAKER + "sliding-window-size=4", BREAKER + "minimum-number-of-calls=4",
					BREAKER + "failure-rate-threshold=50", BREAKER + "wait-duration-in-open-state=1h");
	}

	@AfterEach
	void stop() throws InterruptedException {
		this.server.close();
	}

	@Test
	void failingCallsOpenTheBreakerAndTheNextCallFailsWithoutReachingTheServer() {
		this.backend.failWith(Status.UNAVAILABLE.withDescription("backend down"));
		this.runner.run((context) -> {
			EchoGrpc.EchoBlockingStub echo = Calls.echo(channel(context));
			for (int i = 0; i < 4; i++) {
				assertThat(Calls.failure(() -> echo.unary(Calls.request("x"))).getDescription())
					.isEqualTo("backend down");
			}
			assertThat(breaker(context).getState()).isEqualTo(CircuitBreaker.State.OPEN);

			Status refused = Calls.failure(() -> echo.unary(Calls.request("x")));
			assertThat(refused.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
			assertThat(refused.getDescription()).isEqualTo("circuit breaker open for channel echo");
			assertThat(this.backend.echoCalls()).isEqualTo(4);
		});
	}

	@Test
	void succeedingAndClientCausedFailuresKeepItClosed() {
		this.runner.run((context) -> {
			EchoGrpc.EchoBlockingStub echo = Calls.echo(channel(context));
			for (int i = 0; i < 4; i++) {
				echo.unary(Calls.request("x"));
			}
			this.backend.failWith(Status.INVALID_ARGUMENT.withDescription("bad request"));
			for (int i = 0; i < 4; i++) {
				assertThat(Calls.failure(() -> echo.unary(Calls.request("x"))).getCode())
					.isEqualTo(Status.Code.INVALID_ARGUMENT);
			}
			assertThat(breaker(context).getState()).isEqualTo(CircuitBreaker.State.CLOSED);
			assertThat(breaker(context).getMetrics().getNumberOfFailedCalls()).isZero();
		});
	}

	@Test
	void afterTheWaitOneTrialCallClosesIt() {
		this.backend.failWith(Status.UNAVAILABLE);
		this.runner
			.withPropertyValues(BREAKER + "wait-duration-in-open-state=500ms",
					BREAKER + "permitted-calls-in-half-open-state=1")
			.run((context) -> {
				EchoGrpc.EchoBlockingStub echo = Calls.echo(channel(context));
				for (int i = 0; i < 4; i++) {
					Calls.failure(() -> echo.unary(Calls.request("x")));
				}
				long opened = System.nanoTime();
				assertThat(breaker(context).getState()).isEqualTo(CircuitBreaker.State.OPEN);
				this.backend.recover();

				// refused locally until the wait is over, then the trial call reaches the server
				await().atMost(Duration.ofSeconds(20))
					.pollInterval(Duration.ofMillis(50))
					.until(() -> succeeds(echo));
				assertThat(System.nanoTime() - opened).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(500));
				assertThat(this.backend.echoCalls()).isEqualTo(5);
				assertThat(breaker(context).getState()).isEqualTo(CircuitBreaker.State.CLOSED);
			});
	}

	@Test
	void failedTrialCallOpensItAgain() {
		this.backend.failWith(Status.UNAVAILABLE);
		this.runner
			.withPropertyValues(BREAKER + "wait-duration-in-open-state=200ms",
					BREAKER + "permitted-calls-in-half-open-state=1")
			.run((context) -> {
				EchoGrpc.EchoBlockingStub echo = Calls.echo(channel(context));
				for (int i = 0; i < 4; i++) {
					Calls.failure(() -> echo.unary(Calls.request("x")));
				}
				// the first call that reaches the server is the trial; it fails and opens the breaker again
				await().atMost(Duration.ofSeconds(20))
					.pollInterval(Duration.ofMillis(50))
					.until(() -> Calls.failure(() -> echo.unary(Calls.request("x"))).getDescription() == null);
				assertThat(this.backend.echoCalls()).isEqualTo(5);
				assertThat(breaker(context).getState()).isEqualTo(CircuitBreaker.State.OPEN);
			});
	}

	@Test
	void oneBreakerPerMethodKeepsTheOtherMethodsCalling() {
		this.backend.failWith(Status.INTERNAL);
		this.runner.withPropertyValues(BREAKER + "scope=method").run((context) -> {
			Channel channel = channel(context);
			EchoGrpc.EchoBlockingStub echo = Calls.echo(channel);
			OrderedEchoGrpc.OrderedEchoBlockingStub other = OrderedEchoGrpc.newBlockingStub(channel)
				.withDeadlineAfter(10, TimeUnit.SECONDS);
			for (int i = 0; i < 4; i++) {
				Calls.failure(() -> echo.unary(Calls.request("x")));
			}
			this.backend.recover();

			Status refused = Calls.failure(() -> echo.unary(Calls.request("x")));
			assertThat(refused.getDescription())
				.isEqualTo("circuit breaker open for channel echo, method grpckit.test.Echo/Unary");
			assertThat(other.unary(Calls.request("other")).getText()).isEqualTo("other");
			assertThat(this.backend.echoCalls()).isEqualTo(4);
			assertThat(this.backend.orderedEchoCalls()).isEqualTo(1);
			assertThat(context.getBean(ChannelCircuitBreakers.class).circuitBreakers("echo"))
				.extracting(BreakerState::name, BreakerState::method, BreakerState::state)
				.containsExactly(tuple("echo/grpckit.test.Echo/Unary", "grpckit.test.Echo/Unary", "OPEN"),
						tuple("echo/grpckit.test.OrderedEcho/Unary", "grpckit.test.OrderedEcho/Unary", "CLOSED"));
		});
	}

	@Test
	void refusedCallsAreNotRecordedAsFailures() {
		this.backend.failWith(Status.UNAVAILABLE);
		this.runner.run((context) -> {
			EchoGrpc.EchoBlockingStub echo = Calls.echo(channel(context));
			for (int i = 0; i < 4; i++) {
				Calls.failure(() -> echo.unary(Calls.request("x")));
			}
			for (int i = 0; i < 10; i++) {
				Calls.failure(() -> echo.unary(Calls.request("x")));
			}
			CircuitBreaker.Metrics metrics = breaker(context).getMetrics();
			assertThat(metrics.getNumberOfBufferedCalls()).isEqualTo(4);
			assertThat(metrics.getNumberOfFailedCalls()).isEqualTo(4);
			assertThat(metrics.getNumberOfNotPermittedCalls()).isEqualTo(10);
			assertThat(this.backend.echoCalls()).isEqualTo(4);
		});
	}

	@Test
	void aCallRetriedByGrpcJavaCountsOnce() {
		this.backend.failWith(Status.UNAVAILABLE);
		this.runner
			.withPropertyValues(BREAKER + "sliding-window-size=2", BREAKER + "minimum-number-of-calls=2",
					BREAKER + "failure-rate-threshold=100",
					"grpckit.client.channel.echo.method[0].names=grpckit.test.Echo/Unary",
					"grpckit.client.channel.echo.method[0].retry.max-attempts=3",
					"grpckit.client.channel.echo.method[0].retry.initial-backoff=10ms",
					"grpckit.client.channel.echo.method[0].retry.max-backoff=20ms")
			.run((context) -> {
				EchoGrpc.EchoBlockingStub echo = Calls.echo(channel(context));
				Calls.failure(() -> echo.unary(Calls.request("x")));
				assertThat(this.backend.echoCalls()).isEqualTo(3);
				assertThat(breaker(context).getMetrics().getNumberOfBufferedCalls()).isEqualTo(1);
				assertThat(breaker(context).getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
				assertThat(breaker(context).getState()).isEqualTo(CircuitBreaker.State.CLOSED);

				Calls.failure(() -> echo.unary(Calls.request("x")));
				assertThat(this.backend.echoCalls()).isEqualTo(6);
				assertThat(breaker(context).getState()).isEqualTo(CircuitBreaker.State.OPEN);

				// refused above the retries: no attempt at all
				assertThat(Calls.failure(() -> echo.unary(Calls.request("x"))).getDescription())
					.isEqualTo("circuit breaker open for channel echo");
				assertThat(this.backend.echoCalls()).isEqualTo(6);
			});
	}

	@Test
	void aHedgedCallCountsOnce() {
		this.backend.failWith(Status.UNAVAILABLE);
		this.runner
			.withPropertyValues("grpckit.client.channel.echo.method[0].names=grpckit.test.Echo/Unary",
					"grpckit.client.channel.echo.method[0].hedging.max-attempts=3",
					"grpckit.client.channel.echo.method[0].hedging.delay=0ms",
					"grpckit.client.channel.echo.method[0].hedging.non-fatal-status-codes=UNAVAILABLE")
			.run((context) -> {
				EchoGrpc.EchoBlockingStub echo = Calls.echo(channel(context));
				Calls.failure(() -> echo.unary(Calls.request("x")));
				assertThat(this.backend.echoCalls()).isEqualTo(3);
				assertThat(breaker(context).getMetrics().getNumberOfBufferedCalls()).isEqualTo(1);
				assertThat(breaker(context).getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
			});
	}

	@Test
	void failuresOfThisSideAreNotRecorded() {
		// one recorded failure would open it, and these codes would count
		this.runner
			.withPropertyValues(BREAKER + "sliding-window-size=1", BREAKER + "minimum-number-of-calls=1",
					BREAKER + "failure-status-codes=CANCELLED,DEADLINE_EXCEEDED,UNAVAILABLE")
			.run((context) -> {
				Channel channel = channel(context);
				EchoRequest park = Calls.request("park");

				ClientCall<EchoRequest, EchoReply> call = channel.newCall(EchoGrpc.getUnaryMethod(),
						CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS));
				CompletableFuture<Status> cancelled = new CompletableFuture<>();
				call.start(new ClientCall.Listener<>() {

					@Override
					public void onClose(Status status, Metadata trailers) {
						cancelled.complete(status);
					}

				}, new Metadata());
				call.request(1);
				call.sendMessage(park);
				call.halfClose();
				await().atMost(Duration.ofSeconds(10)).until(() -> this.backend.echoCalls() == 1);
				call.cancel("the caller gave up", null);
				assertThat(cancelled.get(10, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.CANCELLED);
				assertThat(breaker(context).getMetrics().getNumberOfBufferedCalls()).as("after cancel()").isZero();

				CompletableFuture<EchoReply> contextCancelled = new CompletableFuture<>();
				Context.CancellableContext caller = Context.current().withCancellation();
				caller.run(() -> EchoGrpc.newStub(channel)
					.withDeadlineAfter(10, TimeUnit.SECONDS)
					.unary(park, Observers.completing(contextCancelled)));
				await().atMost(Duration.ofSeconds(10)).until(() -> this.backend.echoCalls() == 2);
				caller.cancel(null);
				Throwable failure = catchThrowable(() -> contextCancelled.get(10, TimeUnit.SECONDS));
				assertThat(Status.fromThrowable(failure).getCode()).isEqualTo(Status.Code.CANCELLED);
				assertThat(breaker(context).getMetrics().getNumberOfBufferedCalls()).as("after the context's cancel")
					.isZero();

				Status expired = Calls.failure(() -> EchoGrpc.newBlockingStub(channel)
					.withDeadline(Deadline.after(-1, TimeUnit.SECONDS))
					.unary(Calls.request("x")));
				assertThat(expired.getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
				assertThat(breaker(context).getMetrics().getNumberOfBufferedCalls()).as("after an expired deadline")
					.isZero();
				assertThat(breaker(context).getState()).isEqualTo(CircuitBreaker.State.CLOSED);
				assertThat(this.backend.echoCalls()).isEqualTo(2);

				// a deadline that passes while the backend works is the backend's slowness: recorded
				Status late = Calls.failure(() -> EchoGrpc.newBlockingStub(channel)
					.withDeadlineAfter(200, TimeUnit.MILLISECONDS)
					.unary(park));
				assertThat(late.getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
				assertThat(breaker(context).getState()).isEqualTo(CircuitBreaker.State.OPEN);
			});
	}

	@Test
	void slowUnaryCallsOpenItButLongStreamsAreNotSlow() {
		this.runner
			.withPropertyValues(BREAKER + "sliding-window-size=2", BREAKER + "minimum-number-of-calls=2",
					BREAKER + "slow-call-duration-threshold=50ms", BREAKER + "slow-call-rate-threshold=100")
			.run((context) -> {
				EchoGrpc.EchoBlockingStub echo = Calls.echo(channel(context));
				EchoRequest slowStream = EchoRequest.newBuilder().setText("s").setCount(2).setDelayMs(100).build();
				for (int i = 0; i < 2; i++) {
					echo.serverStream(slowStream).forEachRemaining((reply) -> {
					});
				}
				assertThat(breaker(context).getMetrics().getNumberOfSlowCalls()).isZero();
				assertThat(breaker(context).getState()).isEqualTo(CircuitBreaker.State.CLOSED);

				EchoRequest slow = EchoRequest.newBuilder().setText("slow").setDelayMs(200).build();
				echo.unary(slow);
				echo.unary(slow);
				assertThat(breaker(context).getMetrics().getNumberOfSlowCalls()).isEqualTo(2);
				assertThat(breaker(context).getState()).isEqualTo(CircuitBreaker.State.OPEN);
			});
	}

	@Test
	void streamingCallsCountByTheirFinalStatus() {
		this.backend.failWith(Status.UNAVAILABLE);
		this.runner.run((context) -> {
			EchoGrpc.EchoBlockingStub echo = Calls.echo(channel(context));
			for (int i = 0; i < 4; i++) {
				Calls.failure(() -> echo.serverStream(Calls.request("x")).forEachRemaining((reply) -> {
				}));
			}
			assertThat(breaker(context).getState()).isEqualTo(CircuitBreaker.State.OPEN);
		});
	}

	@Test
	void channelWithoutBreakerEnabledHasNone() {
		this.backend.failWith(Status.UNAVAILABLE);
		this.runner.withPropertyValues(BREAKER + "enabled=false").run((context) -> {
			EchoGrpc.EchoBlockingStub echo = Calls.echo(channel(context));
			for (int i = 0; i < 6; i++) {
				assertThat(Calls.failure(() -> echo.unary(Calls.request("x"))).getDescription()).isNull();
			}
			assertThat(this.backend.echoCalls()).isEqualTo(6);
			assertThat(context.getBean(ChannelCircuitBreakers.class).circuitBreakers("echo")).isEmpty();
		});
	}

	private static boolean succeeds(EchoGrpc.EchoBlockingStub echo) {
		try {
			echo.unary(Calls.request("x"));
			return true;
		}
		catch (StatusRuntimeException ex) {
			assertThat(ex.getStatus().getDescription()).startsWith("circuit breaker open");
			return false;
		}
	}

	private static Channel channel(AssertableApplicationContext context) {
		return context.getBean(GrpcChannelFactory.class).createChannel("echo");
	}

	static CircuitBreaker breaker(AssertableApplicationContext context) {
		CircuitBreaker breaker = context.getBean(Resilience4jChannelCircuitBreakers.class)
			.getCircuitBreaker("echo", null);
		assertThat(breaker).as("the channel's breaker").isNotNull();
		return breaker;
	}

}
