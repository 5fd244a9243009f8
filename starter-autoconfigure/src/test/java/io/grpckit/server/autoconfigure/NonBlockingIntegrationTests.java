package io.grpckit.server.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.netty.util.concurrent.FastThreadLocalThread;
import io.grpc.stub.StreamObserver;
import io.grpckit.server.GrpcServerLifecycle;
import io.grpckit.server.GrpcService;
import io.grpckit.server.NonBlocking;
import io.grpckit.server.autoconfigure.health.GrpcServerHealthAutoConfiguration;
import io.grpckit.test.proto.EchoGrpc;
import io.grpckit.test.proto.EchoReply;
import io.grpckit.test.proto.EchoRequest;
import io.grpckit.testsupport.Channels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@code @NonBlocking} over real Netty connections: marked services and methods run on the
 * server's event loop, the rest on the service pool, with limits too; the switch puts every
 * call back on the pool; a callback that blocks is named in a warning; a misplaced
 * annotation fails the start.
 */
@ExtendWith(OutputCaptureExtension.class)
class NonBlockingIntegrationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcServerAutoConfiguration.class,
				GrpcServerHealthAutoConfiguration.class))
		.withPropertyValues("grpckit.server.port=0");

	@Test
	void everyMethodOfANonBlockingServiceRunsOnTheEventLoop() {
		this.runner.withBean(WholeService.class).run((context) -> withStub(context, (stub, channel) -> {
			WholeService service = context.getBean(WholeService.class);
			for (int i = 0; i < 3; i++) {
				assertThat(stub.unary(request("hi")).getText()).isEqualTo("hi");
			}
			assertThat(replies(stub.serverStream(request("s").toBuilder().setCount(3).build()))).hasSize(3);
			assertThat(service.threads).hasSize(4).allSatisfy(NonBlockingIntegrationTests::isEventLoop);
			// services without the annotation (health) still run on the service pool and answer
			assertThat(HealthGrpc.newBlockingStub(channel).check(HealthCheckRequest.getDefaultInstance()).getStatus())
				.isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
		}));
	}

	@Test
	void onlyTheMarkedMethodRunsOnTheEventLoop() {
		this.runner.withBean(UnaryOnlyService.class).run((context) -> withStub(context, (stub, channel) -> {
			UnaryOnlyService service = context.getBean(UnaryOnlyService.class);
			stub.unary(request("a"));
			assertThat(replies(stub.serverStream(request("b").toBuilder().setCount(2).build()))).hasSize(2);
			assertThat(service.threads).hasSize(2);
			isEventLoop(service.threads.get(0));
			assertThat(service.threads.get(1).name).startsWith("grpc-service-");
		}));
	}

	@Test
	void switchedOffEveryCallRunsOnTheServicePool() {
		this.runner.withBean(WholeService.class)
			.withPropertyValues("grpckit.server.executor.non-blocking.enabled=false")
			.run((context) -> withStub(context, (stub, channel) -> {
				stub.unary(request("a"));
				assertThat(context.getBean(WholeService.class).threads).singleElement()
					.satisfies((thread) -> assertThat(thread.name).startsWith("grpc-service-"));
			}));
	}

	@Test
	void underServerLimitsAnAdmittedCallStillRunsOnTheEventLoopAndOneOverTheLimitIsRefused() {
		this.runner.withBean(WholeService.class)
			.withPropertyValues("grpckit.server.limits.max-concurrent-calls=1")
			.run((context) -> withStub(context, (stub, channel) -> {
				WholeService service = context.getBean(WholeService.class);
				assertThat(stub.unary(request("a")).getText()).isEqualTo("a");
				assertThat(service.threads).singleElement().satisfies(NonBlockingIntegrationTests::isEventLoop);
				// a stream the service keeps open holds the one permit
				Iterator<EchoReply> held = stub.serverStream(request("hold"));
				assertThat(held.next().getText()).isEqualTo("held");
				assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> stub.unary(request("b")))
					.satisfies((ex) -> {
						assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
						assertThat(ex.getStatus().getDescription())
							.contains("grpckit.server.limits.max-concurrent-calls");
					});
			}));
	}

	@Test
	void aMethodThatHoldsTheEventLoopIsNamedInOneWarning(CapturedOutput output) {
		this.runner.withBean(WholeService.class)
			.withPropertyValues("grpckit.server.executor.non-blocking.warn-after=100ms")
			.run((context) -> withStub(context, (stub, channel) -> {
				stub.unary(request("warm-up"));
				// the first slow callback is forgiven (a first call's cold code), the second is
				// named, the third falls in the same 10 s and is not repeated
				for (int i = 0; i < 3; i++) {
					stub.unary(request("block:250"));
				}
				String warning = "grpckit.test.Echo/Unary is @NonBlocking, but one of its callbacks held "
						+ "transport thread '";
				await().atMost(Duration.ofSeconds(10)).until(() -> output.getOut().contains(warning));
				assertThat(output.getOut().split(warning, -1)).as("one warning per method every 10 s").hasSize(2);
				assertThat(output).contains("grpckit.server.executor.non-blocking.enabled=false");
			}));
	}

	@Test
	void anAnnotationOnAMethodThatServesNoGrpcMethodFailsTheStart() {
		this.runner.withBean(MisplacedService.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("@NonBlocking on " + MisplacedService.class.getName() + ".helper")
				.hasMessageContaining("serves none of the service's gRPC methods");
		});
	}

	private static void isEventLoop(ThreadSeen thread) {
		assertThat(thread.eventLoop).as("%s is a Netty event loop thread", thread.name).isTrue();
		assertThat(thread.name).doesNotStartWith("grpc-service-");
	}

	private static EchoRequest request(String text) {
		return EchoRequest.newBuilder().setText(text).build();
	}

	private static List<EchoReply> replies(Iterator<EchoReply> replies) {
		List<EchoReply> all = new ArrayList<>();
		replies.forEachRemaining(all::add);
		return all;
	}

	private static void withStub(AssertableApplicationContext context, StubTest test) throws Exception {
		assertThat(context).hasNotFailed();
		ManagedChannel channel = Channels.loopback(context.getBean(GrpcServerLifecycle.class).getPort());
		try {
			test.run(EchoGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS), channel);
		}
		finally {
			Channels.close(channel);
		}
	}

	@FunctionalInterface
	interface StubTest {

		void run(EchoGrpc.EchoBlockingStub stub, ManagedChannel channel) throws Exception;

	}

	record ThreadSeen(String name, boolean eventLoop) {

		static ThreadSeen current() {
			Thread thread = Thread.currentThread();
			return new ThreadSeen(thread.getName(), thread instanceof FastThreadLocalThread);
		}

	}

	/** Records where each call ran; {@code block:<ms>} holds the thread that long. */
	abstract static class RecordingService extends EchoGrpc.EchoImplBase {

		final List<ThreadSeen> threads = new CopyOnWriteArrayList<>();

		@Override
		public void unary(EchoRequest request, StreamObserver<EchoReply> responseObserver) {
			this.threads.add(ThreadSeen.current());
			if (request.getText().startsWith("block:")) {
				// what a JDBC call or a blocking stub would do on the event loop
				long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Long.parseLong(request.getText().substring(6)));
				while (System.nanoTime() < until) {
					LockSupport.parkNanos(until - System.nanoTime());
				}
			}
			responseObserver.onNext(EchoReply.newBuilder().setText(request.getText()).build());
			responseObserver.onCompleted();
		}

		@Override
		public void serverStream(EchoRequest request, StreamObserver<EchoReply> responseObserver) {
			this.threads.add(ThreadSeen.current());
			if (request.getText().equals("hold")) {
				// one reply, then the call stays open until the client goes
				responseObserver.onNext(EchoReply.newBuilder().setText("held").build());
				return;
			}
			for (int i = 0; i < request.getCount(); i++) {
				responseObserver.onNext(EchoReply.newBuilder().setText(request.getText()).setIndex(i).build());
			}
			responseObserver.onCompleted();
		}

	}

	@GrpcService
	@NonBlocking
	static class WholeService extends RecordingService {

	}

	@GrpcService
	static class UnaryOnlyService extends RecordingService {

		@Override
		@NonBlocking
		public void unary(EchoRequest request, StreamObserver<EchoReply> responseObserver) {
			super.unary(request, responseObserver);
		}

	}

	@GrpcService
	static class MisplacedService extends RecordingService {

		@NonBlocking
		void helper() {
		}

	}

}
