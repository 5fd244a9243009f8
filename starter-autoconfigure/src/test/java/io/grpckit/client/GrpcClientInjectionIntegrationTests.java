package io.grpckit.client;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpckit.client.autoconfigure.GrpcClientAutoConfiguration;
import io.grpckit.client.interceptor.GlobalClientInterceptor;
import io.grpckit.test.proto.EchoGrpc;
import io.grpckit.test.proto.EchoReply;
import io.grpckit.test.proto.EchoRequest;
import io.grpckit.testsupport.EchoServer;
import io.grpckit.testsupport.NamedEchoService;
import io.grpckit.testsupport.Observers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import static io.grpckit.testsupport.Calls.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Stub injection and per-channel behaviour against a real Netty server on loopback.
 */
class GrpcClientInjectionIntegrationTests {

	private static final EchoRequest HELLO = EchoRequest.newBuilder().setText("hello").build();

	private static NamedEchoService service;

	private static EchoServer server;

	private static final AtomicReference<Metadata> lastHeaders = new AtomicReference<>();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcClientAutoConfiguration.class))
		.withPropertyValues("grpckit.client.channel.echo.target=" + server.address());

	@BeforeAll
	static void startServer() {
		service = new NamedEchoService("echo");
		server = EchoServer.start(service, new ServerInterceptor() {

			@Override
			public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
					ServerCallHandler<ReqT, RespT> next) {
				lastHeaders.set(headers);
				return next.startCall(call, headers);
			}

		});
	}

	@AfterAll
	static void stopServer() throws InterruptedException {
		server.close();
	}

	@Test
	void injectsEveryStubFlavourIntoFields() {
		this.contextRunner.withUserConfiguration(FieldClients.class).run((context) -> {
			FieldClients clients = context.getBean(FieldClients.class);
			assertThat(clients.blocking.unary(HELLO).getText()).isEqualTo("echo:hello");
			assertThat(clients.blockingV2.unary(HELLO).getText()).isEqualTo("echo:hello");
			assertThat(clients.future.unary(HELLO).get(5, TimeUnit.SECONDS).getText()).isEqualTo("echo:hello");
			assertThat(unaryAsync(clients.async).get(5, TimeUnit.SECONDS).getText()).isEqualTo("echo:hello");
			assertThat(EchoGrpc.newBlockingStub(clients.channel).unary(HELLO).getText()).isEqualTo("echo:hello");
			Iterator<EchoReply> stream = clients.blocking
				.serverStream(EchoRequest.newBuilder().setText("s").setCount(3).build());
			assertThat(stream).toIterable().extracting(EchoReply::getIndex).containsExactly(0, 1, 2);
		});
	}

	@Test
	void injectsEveryStubFlavourIntoConstructorParameters() {
		this.contextRunner.withUserConfiguration(ConstructorClients.class).run((context) -> {
			ConstructorClients clients = context.getBean(ConstructorClients.class);
			assertThat(clients.blocking.unary(HELLO).getText()).isEqualTo("echo:hello");
			assertThat(clients.blockingV2.unary(HELLO).getText()).isEqualTo("echo:hello");
			assertThat(clients.future.unary(HELLO).get(5, TimeUnit.SECONDS).getText()).isEqualTo("echo:hello");
			assertThat(unaryAsync(clients.async).get(5, TimeUnit.SECONDS).getText()).isEqualTo("echo:hello");
		});
	}

	@Test
	void injectsEveryStubFlavourIntoBeanMethodParameters() {
		this.contextRunner.withUserConfiguration(BeanMethodClients.class).run((context) -> {
			@SuppressWarnings("unchecked")
			List<String> answers = context.getBean("answers", List.class);
			assertThat(answers).containsExactly("echo:blocking", "echo:blockingV2", "echo:future", "echo:async");
		});
	}

	@Test
	void stubsOfOneChannelShareItsChannel() {
		this.contextRunner.withUserConfiguration(FieldClients.class).run((context) -> {
			FieldClients clients = context.getBean(FieldClients.class);
			assertThat(clients.blocking.getChannel()).isSameAs(clients.future.getChannel());
			assertThat(context.getBean(GrpcChannelFactory.class).getChannels()).containsOnlyKeys("echo");
		});
	}

	@Test
	void enableGrpcClientsRegistersStubBeans() {
		// 'second' has no channel entry of its own: it inherits the default target
		this.contextRunner.withPropertyValues("grpckit.client.channel.default.target=static://" + server.address())
			.withUserConfiguration(EnabledClients.class, PlainConstructorClient.class)
			.run((context) -> {
			assertThat(context).hasBean("echo.EchoBlockingStub").hasBean("echo.EchoFutureStub").hasBean("second.EchoStub");
			PlainConstructorClient client = context.getBean(PlainConstructorClient.class);
			assertThat(client.blocking.unary(HELLO).getText()).isEqualTo("echo:hello");
			assertThat(context.getBean(EchoGrpc.EchoFutureStub.class).unary(HELLO).get(5, TimeUnit.SECONDS).getText())
				.isEqualTo("echo:hello");
			assertThat(unaryAsync(context.getBean(EchoGrpc.EchoStub.class)).get(5, TimeUnit.SECONDS).getText())
				.isEqualTo("echo:hello");
		});
	}

	@Test
	void defaultDeadlineEndsSlowCallsWithDeadlineExceeded() {
		this.contextRunner.withPropertyValues("grpckit.client.channel.echo.default-deadline=200ms")
			.withUserConfiguration(FieldClients.class)
			.run((context) -> {
				EchoGrpc.EchoBlockingStub stub = context.getBean(FieldClients.class).blocking;
				EchoRequest slow = EchoRequest.newBuilder().setText("slow").setDelayMs(2_000).build();
				assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> stub.unary(slow))
					.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
				// a deadline set by the caller wins over the default
				EchoRequest medium = EchoRequest.newBuilder().setText("medium").setDelayMs(400).build();
				assertThat(stub.withDeadlineAfter(5, TimeUnit.SECONDS).unary(medium).getText())
					.isEqualTo("echo:medium");
			});
	}

	@Test
	void globalInterceptorsRunByOrderThenChannelInterceptors() {
		this.contextRunner.withPropertyValues("grpckit.client.channel.echo.interceptors=channelInterceptor")
			.withUserConfiguration(InterceptorConfiguration.class, FieldClients.class)
			.run((context) -> {
				context.getBean(FieldClients.class).blocking.unary(HELLO);
				assertThat(context.getBean(InterceptorConfiguration.class).calls).containsExactly("first", "second",
						"channel");
			});
	}

	@Test
	void gzipAndUserAgentPropertiesReachTheServer() {
		this.contextRunner
			.withPropertyValues("grpckit.client.channel.default.gzip=true",
					"grpckit.client.channel.echo.user-agent=grpckit-tests")
			.withUserConfiguration(FieldClients.class)
			.run((context) -> {
				context.getBean(FieldClients.class).blocking.unary(HELLO);
				Metadata headers = lastHeaders.get();
				assertThat(headers.get(Metadata.Key.of("grpc-encoding", Metadata.ASCII_STRING_MARSHALLER)))
					.isEqualTo("gzip");
				assertThat(headers.get(Metadata.Key.of("user-agent", Metadata.ASCII_STRING_MARSHALLER)))
					.startsWith("grpckit-tests");
			});
	}

	@Test
	void withoutPropertiesNothingIsCompressed() {
		this.contextRunner.withUserConfiguration(FieldClients.class).run((context) -> {
			context.getBean(FieldClients.class).blocking.unary(HELLO);
			assertThat(lastHeaders.get().containsKey(Metadata.Key.of("grpc-encoding", Metadata.ASCII_STRING_MARSHALLER)))
				.isFalse();
		});
	}

	@Test
	void dnsTargetReachesTheServer() {
		this.contextRunner.withPropertyValues("grpckit.client.channel.echo.target=dns:///" + server.address())
			.withUserConfiguration(FieldClients.class)
			.run((context) -> assertThat(context.getBean(FieldClients.class).blocking.unary(HELLO).getText())
				.isEqualTo("echo:hello"));
	}

	@Test
	void inProcessTargetFollowsTheServerInProcessName() throws Exception {
		String name = InProcessServerBuilder.generateName();
		Server inProcess = InProcessServerBuilder.forName(name).directExecutor().addService(service).build().start();
		try {
			// the documented hook for @AutoConfigureInProcessGrpc, which sets grpckit.server.inprocess.name
			this.contextRunner
				.withPropertyValues("grpckit.server.inprocess.name=" + name,
						"grpckit.client.channel.echo.target=in-process:${grpckit.server.inprocess.name}")
				.withUserConfiguration(FieldClients.class)
				.run((context) -> assertThat(context.getBean(FieldClients.class).blocking.unary(HELLO).getText())
					.isEqualTo("echo:hello"));
		}
		finally {
			inProcess.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
	}

	private static CompletableFuture<EchoReply> unaryAsync(EchoGrpc.EchoStub stub) {
		CompletableFuture<EchoReply> result = new CompletableFuture<>();
		stub.unary(HELLO, Observers.completing(result));
		return result;
	}

	static class FieldClients {

		@GrpcClient("echo")
		EchoGrpc.EchoBlockingStub blocking;

		@GrpcClient("echo")
		EchoGrpc.EchoBlockingV2Stub blockingV2;

		@GrpcClient("echo")
		EchoGrpc.EchoStub async;

		@GrpcClient("echo")
		EchoGrpc.EchoFutureStub future;

		@GrpcClient("echo")
		Channel channel;

	}

	static class ConstructorClients {

		final EchoGrpc.EchoBlockingStub blocking;

		final EchoGrpc.EchoBlockingV2Stub blockingV2;

		final EchoGrpc.EchoStub async;

		final EchoGrpc.EchoFutureStub future;

		ConstructorClients(@GrpcClient("echo") EchoGrpc.EchoBlockingStub blocking,
				@GrpcClient("echo") EchoGrpc.EchoBlockingV2Stub blockingV2, @GrpcClient("echo") EchoGrpc.EchoStub async,
				@GrpcClient("echo") EchoGrpc.EchoFutureStub future) {
			this.blocking = blocking;
			this.blockingV2 = blockingV2;
			this.async = async;
			this.future = future;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BeanMethodClients {

		@Bean
		List<String> answers(@GrpcClient("echo") EchoGrpc.EchoBlockingStub blocking,
				@GrpcClient("echo") EchoGrpc.EchoBlockingV2Stub blockingV2,
				@GrpcClient("echo") EchoGrpc.EchoFutureStub future, @GrpcClient("echo") EchoGrpc.EchoStub async)
				throws Exception {
			List<String> answers = new ArrayList<>();
			answers.add(blocking.unary(request("blocking")).getText());
			answers.add(blockingV2.unary(request("blockingV2")).getText());
			answers.add(future.unary(request("future")).get(5, TimeUnit.SECONDS).getText());
			CompletableFuture<EchoReply> reply = new CompletableFuture<>();
			async.unary(request("async"), Observers.completing(reply));
			answers.add(reply.get(5, TimeUnit.SECONDS).getText());
			return answers;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableGrpcClients(channel = "echo", types = { EchoGrpc.EchoBlockingStub.class, EchoGrpc.EchoFutureStub.class })
	@EnableGrpcClients(channel = "second", types = EchoGrpc.EchoStub.class)
	static class EnabledClients {

	}

	static class PlainConstructorClient {

		final EchoGrpc.EchoBlockingStub blocking;

		PlainConstructorClient(EchoGrpc.EchoBlockingStub blocking) {
			this.blocking = blocking;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class InterceptorConfiguration {

		final List<String> calls = new ArrayList<>();

		@Bean
		@GlobalClientInterceptor
		@Order(2)
		ClientInterceptor secondInterceptor() {
			return recording("second");
		}

		@Bean
		@GlobalClientInterceptor
		@Order(1)
		ClientInterceptor firstInterceptor() {
			return recording("first");
		}

		@Bean
		ClientInterceptor channelInterceptor() {
			return recording("channel");
		}

		@Bean
		ClientInterceptor unusedInterceptor() {
			return recording("unused");
		}

		private ClientInterceptor recording(String name) {
			return new ClientInterceptor() {

				@Override
				public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(MethodDescriptor<ReqT, RespT> method,
						CallOptions callOptions, Channel next) {
					InterceptorConfiguration.this.calls.add(name);
					return next.newCall(method, callOptions);
				}

			};
		}

	}

}
