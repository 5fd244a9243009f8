package io.grpckit.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpckit.client.autoconfigure.GrpcClientAutoConfiguration;
import io.grpckit.test.proto.EchoGrpc;
import io.grpckit.test.proto.EchoReply;
import io.grpckit.test.proto.EchoRequest;
import io.grpckit.testsupport.EchoServer;
import io.grpckit.testsupport.NamedEchoService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Channels at application context close: every channel terminated, calls in flight given
 * the grace period, and no grpc or Netty non-daemon thread left behind.
 */
class GrpcClientShutdownIntegrationTests {

	private NamedEchoService service;

	private EchoServer server;

	private ApplicationContextRunner contextRunner;

	@BeforeEach
	void startServer() {
		this.service = new NamedEchoService("echo");
		this.server = EchoServer.start(this.service);
		this.contextRunner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(GrpcClientAutoConfiguration.class))
			.withPropertyValues("grpckit.client.channel.default.target=" + this.server.address(),
					"grpckit.client.channel.second.target=static://" + this.server.address());
	}

	@AfterEach
	void stopServer() throws InterruptedException {
		this.server.close();
	}

	@Test
	void everyChannelIsTerminatedAndNoNonDaemonThreadRemains() {
		Set<Thread> before = nonDaemonGrpcThreads();
		List<ManagedChannel> channels = new ArrayList<>();
		this.contextRunner.run((context) -> {
			GrpcChannelFactory factory = context.getBean(GrpcChannelFactory.class);
			for (String name : List.of("first", "second", "third")) {
				EchoGrpc.newBlockingStub(factory.createChannel(name)).unary(request("hi", 0));
			}
			channels.addAll(factory.getChannels().values());
		});
		assertThat(channels).hasSize(3).allSatisfy((channel) -> assertThat(channel.isTerminated()).isTrue());
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(nonDaemonGrpcThreads()).isSubsetOf(before));
	}

	@Test
	void callsInFlightFinishWithinTheGracePeriod() {
		List<ListenableFuture<EchoReply>> calls = new ArrayList<>();
		this.contextRunner.withPropertyValues("grpckit.client.shutdown.grace-period=10s").run((context) -> {
			ManagedChannel channel = context.getBean(GrpcChannelFactory.class).createChannel("echo");
			// callbacks on the transport's thread: the future completes before the channel can
			// terminate, not on grpc-java's callback executor some time after close() returned
			calls.add(EchoGrpc.newFutureStub(channel)
				.withExecutor(MoreExecutors.directExecutor())
				.unary(request("in flight", 300)));
			await().atMost(Duration.ofSeconds(10)).until(() -> this.service.calls() == 1);
		});
		assertThat(calls.get(0)).isDone();
		assertThat(calls.get(0)).succeedsWithin(Duration.ZERO).extracting(EchoReply::getText).isEqualTo("echo:in flight");
	}

	@Test
	void callsRunningPastTheGracePeriodAreCancelled() {
		List<ListenableFuture<EchoReply>> calls = new ArrayList<>();
		this.contextRunner.withPropertyValues("grpckit.client.shutdown.grace-period=100ms").run((context) -> {
			ManagedChannel channel = context.getBean(GrpcChannelFactory.class).createChannel("echo");
			calls.add(EchoGrpc.newFutureStub(channel).unary(request("too slow", 30_000)));
			await().atMost(Duration.ofSeconds(10)).until(() -> this.service.calls() == 1);
		});
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> calls.get(0).get(5, TimeUnit.SECONDS))
			.havingCause()
			.isInstanceOfSatisfying(StatusRuntimeException.class,
					(ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
	}

	@Test
	void factoryRefusesNewChannelsOnceClosed() {
		GrpcChannelFactory[] factory = new GrpcChannelFactory[1];
		this.contextRunner.run((context) -> factory[0] = context.getBean(GrpcChannelFactory.class));
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> factory[0].createChannel("late"));
	}

	private static EchoRequest request(String text, long delayMs) {
		return EchoRequest.newBuilder().setText(text).setDelayMs(delayMs).build();
	}

	private static Set<Thread> nonDaemonGrpcThreads() {
		Map<Thread, StackTraceElement[]> all = Thread.getAllStackTraces();
		return all.keySet()
			.stream()
			.filter((thread) -> thread.isAlive() && !thread.isDaemon())
			.filter((thread) -> thread.getName().toLowerCase().matches(".*(grpc|netty|nio|eventloop|elg).*"))
			.collect(Collectors.toSet());
	}

}
