package io.grpckit.client;

import java.time.Duration;
import java.util.List;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpckit.client.autoconfigure.GrpcClientAutoConfiguration;
import io.grpckit.server.GrpcService;
import io.grpckit.server.autoconfigure.GrpcServerAutoConfiguration;
import io.grpckit.server.error.GrpcAdvice;
import io.grpckit.server.error.GrpcExceptionHandler;
import io.grpckit.test.proto.EchoReply;
import io.grpckit.test.proto.EchoRequest;
import io.grpckit.test.proto.ReactorEchoGrpc;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static io.grpckit.testsupport.Calls.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * reactor-grpc end to end, in process: a {@code ReactorEchoGrpc.EchoImplBase} bean is
 * served like any service, {@link GrpcClient} injects {@code ReactorEchoStub} into fields
 * and constructor parameters, and exceptions of the service, signalled or thrown, reach
 * the {@link GrpcAdvice} rather than arriving as UNKNOWN.
 */
class ReactorStubsIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcServerAutoConfiguration.class, GrpcClientAutoConfiguration.class))
		.withPropertyValues("grpckit.server.inprocess.name=reactor-stubs", "grpckit.server.inprocess.exclusive=true",
				"grpckit.client.channel.echo.target=in-process:reactor-stubs")
		.withUserConfiguration(ReactorApplication.class);

	@Test
	void injectsReactorStubsIntoFieldsAndConstructorParameters() {
		this.runner.run((context) -> {
			ReactorClients clients = context.getBean(ReactorClients.class);
			assertThat(clients.field.unary(request("hello")).block(TIMEOUT).getText()).isEqualTo("reactor:hello");
			assertThat(clients.constructor.unary(request("again")).block(TIMEOUT).getText()).isEqualTo("reactor:again");
			List<Integer> indexes = clients.field
				.serverStream(EchoRequest.newBuilder().setText("s").setCount(3).build())
				.map(EchoReply::getIndex)
				.collectList()
				.block(TIMEOUT);
			assertThat(indexes).containsExactly(0, 1, 2);
			assertThat(clients.field.getChannel()).isSameAs(clients.constructor.getChannel());
		});
	}

	@Test
	void enableGrpcClientsRegistersReactorStubBeans() {
		this.runner.withUserConfiguration(EnabledReactorClients.class).run((context) -> {
			assertThat(context).hasBean("echo.ReactorEchoStub");
			ReactorEchoGrpc.ReactorEchoStub stub = context.getBean("echo.ReactorEchoStub",
					ReactorEchoGrpc.ReactorEchoStub.class);
			assertThat(stub.unary(request("bean")).block(TIMEOUT).getText()).isEqualTo("reactor:bean");
		});
	}

	@Test
	void exceptionsOfReactorServicesGoThroughTheAdvice() {
		this.runner.run((context) -> {
			ReactorEchoGrpc.ReactorEchoStub stub = context.getBean(ReactorClients.class).field;
			// Mono.error(...), an exception thrown while building the Mono, and one in the middle of a Flux
			for (String text : List.of("signal:illegal", "throw:illegal")) {
				assertThatExceptionOfType(StatusRuntimeException.class)
					.isThrownBy(() -> stub.unary(request(text)).block(TIMEOUT))
					.satisfies((ex) -> assertMappedByAdvice(ex.getStatus()));
			}
			assertThatExceptionOfType(StatusRuntimeException.class)
				.isThrownBy(() -> stub.serverStream(EchoRequest.newBuilder().setText("signal:illegal").setCount(3).build())
					.collectList()
					.block(TIMEOUT))
				.satisfies((ex) -> assertMappedByAdvice(ex.getStatus()));
		});
	}

	@Test
	void unmappedExceptionsOfReactorServicesBecomeInternal() {
		this.runner.run((context) -> {
			ReactorEchoGrpc.ReactorEchoStub stub = context.getBean(ReactorClients.class).field;
			assertThatExceptionOfType(StatusRuntimeException.class)
				.isThrownBy(() -> stub.unary(request("signal:secret")).block(TIMEOUT))
				.satisfies((ex) -> {
					assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
					assertThat(ex.getStatus().getDescription()).doesNotContain("secret");
				});
		});
	}

	private static void assertMappedByAdvice(Status status) {
		assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(status.getDescription()).isEqualTo("mapped by advice: illegal");
	}

	@Configuration(proxyBeanMethods = false)
	static class ReactorApplication {

		@Bean
		ReactorEchoService reactorEchoService() {
			return new ReactorEchoService();
		}

		@Bean
		MappingAdvice mappingAdvice() {
			return new MappingAdvice();
		}

		@Bean
		ReactorClients reactorClients(@GrpcClient("echo") ReactorEchoGrpc.ReactorEchoStub constructor) {
			return new ReactorClients(constructor);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableGrpcClients(channel = "echo", types = ReactorEchoGrpc.ReactorEchoStub.class)
	static class EnabledReactorClients {

	}

	static class ReactorClients {

		@GrpcClient("echo")
		ReactorEchoGrpc.ReactorEchoStub field;

		final ReactorEchoGrpc.ReactorEchoStub constructor;

		ReactorClients(ReactorEchoGrpc.ReactorEchoStub constructor) {
			this.constructor = constructor;
		}

	}

	/**
	 * Answers "reactor:" + text; "signal:x" fails with Mono.error/Flux.error, "throw:x"
	 * throws while building the answer; x "illegal" is an IllegalArgumentException, any
	 * other an IllegalStateException.
	 */
	@GrpcService
	static class ReactorEchoService extends ReactorEchoGrpc.EchoImplBase {

		@Override
		public Mono<EchoReply> unary(EchoRequest request) {
			String text = request.getText();
			if (text.startsWith("throw:")) {
				throw failure(text.substring("throw:".length()));
			}
			if (text.startsWith("signal:")) {
				return Mono.error(failure(text.substring("signal:".length())));
			}
			return Mono.just(EchoReply.newBuilder().setText("reactor:" + text).build());
		}

		@Override
		public Flux<EchoReply> serverStream(EchoRequest request) {
			Flux<EchoReply> replies = Flux.range(0, request.getCount())
				.map((index) -> EchoReply.newBuilder().setText(request.getText()).setIndex(index).build());
			if (request.getText().startsWith("signal:")) {
				return replies.take(1).concatWith(Flux.error(failure(request.getText().substring("signal:".length()))));
			}
			return replies;
		}

		private static RuntimeException failure(String what) {
			return "illegal".equals(what) ? new IllegalArgumentException(what) : new IllegalStateException(what);
		}

	}

	@GrpcAdvice
	static class MappingAdvice {

		@GrpcExceptionHandler
		Status illegalArgument(IllegalArgumentException ex) {
			return Status.INVALID_ARGUMENT.withDescription("mapped by advice: " + ex.getMessage());
		}

	}

}
