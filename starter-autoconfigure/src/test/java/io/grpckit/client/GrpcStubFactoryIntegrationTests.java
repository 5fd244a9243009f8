package io.grpckit.client;

import java.util.ArrayList;
import java.util.List;

import io.grpc.Channel;
import io.grpckit.client.autoconfigure.GrpcClientAutoConfiguration;
import io.grpckit.test.proto.EchoGrpc;
import io.grpckit.test.proto.EchoRequest;
import io.grpckit.testsupport.EchoServer;
import io.grpckit.testsupport.NamedEchoService;
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
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The {@link GrpcStubFactory} SPI against a real server on loopback: a user's factory bean
 * makes a stub kind of its own injectable, factory beans run in their order before the
 * kit's, and a type no factory supports fails with a message naming it.
 */
class GrpcStubFactoryIntegrationTests {

	private static EchoServer server;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcClientAutoConfiguration.class))
		.withPropertyValues("grpckit.client.channel.echo.target=" + server.address());

	@BeforeAll
	static void startServer() {
		server = EchoServer.start(new NamedEchoService("echo"));
	}

	@AfterAll
	static void stopServer() throws InterruptedException {
		server.close();
	}

	@Test
	void factoryBeanMakesItsOwnStubKindInjectable() {
		this.contextRunner.withUserConfiguration(EchoClientFactory.class, EchoClientUsers.class).run((context) -> {
			EchoClientUsers users = context.getBean(EchoClientUsers.class);
			assertThat(users.field.echo("field")).isEqualTo("echo:field");
			assertThat(users.constructor.echo("constructor")).isEqualTo("echo:constructor");
			assertThat(context.getBean("echo.EchoClient", EchoClient.class).echo("bean")).isEqualTo("echo:bean");
			// the generated stubs still come from the kit's own factory
			assertThat(users.blocking.unary(request("generated")).getText()).isEqualTo("echo:generated");
		});
	}

	@Test
	void factoryBeansComeInTheirOrderBeforeTheKits() {
		this.contextRunner.withUserConfiguration(OrderedFactories.class, EchoClientUsers.class).run((context) -> {
			EchoClientUsers users = context.getBean(EchoClientUsers.class);
			assertThat(users.field.name).isEqualTo("first");
			// a factory bean may also take over a kind the kit knows
			assertThat(context.getBean(OrderedFactories.class).blockingStubs).hasSize(1);
			assertThat(users.blocking.unary(request("taken over")).getText()).isEqualTo("echo:taken over");
		});
	}

	@Test
	void typeThatNoFactorySupportsFailsNamingIt() {
		this.contextRunner.withUserConfiguration(UnsupportedFieldUser.class)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("@GrpcClient(\"echo\")")
				.hasMessageContaining(EchoClient.class.getName())
				.hasMessageContaining("is not a gRPC stub that a GrpcStubFactory supports"));
		this.contextRunner.withUserConfiguration(UnsupportedBeanUser.class)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("@EnableGrpcClients(channel = \"echo\")")
				.hasMessageContaining(EchoClient.class.getName()));
	}

	@Test
	void staticMethodsKnowTheKitsOwnKinds() {
		assertThat(GrpcStubs.isSupported(EchoGrpc.EchoBlockingStub.class)).isTrue();
		assertThat(GrpcStubs.isSupported(Channel.class)).isTrue();
		assertThat(GrpcStubs.isSupported(EchoClient.class)).isFalse();
		assertThat(new GrpcStubs(List.of(new EchoClientFactory())).supports(EchoClient.class)).isTrue();
		assertThatIllegalArgumentException().isThrownBy(() -> GrpcStubs.create(EchoClient.class, null))
			.withMessageContaining(EchoClient.class.getName());
	}

	/** A hand-written client, the kind of stub a user's factory makes. */
	static class EchoClient {

		final String name;

		private final EchoGrpc.EchoBlockingStub stub;

		EchoClient(String name, Channel channel) {
			this.name = name;
			this.stub = EchoGrpc.newBlockingStub(channel);
		}

		String echo(String text) {
			return this.stub.unary(EchoRequest.newBuilder().setText(text).build()).getText();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class EchoClientFactory implements GrpcStubFactory {

		@Override
		public boolean supports(Class<?> type) {
			return type == EchoClient.class;
		}

		@Override
		public Object create(Class<?> type, Channel channel) {
			return new EchoClient("factory", channel);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OrderedFactories {

		final List<Object> blockingStubs = new ArrayList<>();

		@Bean
		@Order(2)
		GrpcStubFactory second() {
			return factory("second");
		}

		@Bean
		@Order(1)
		GrpcStubFactory first() {
			return factory("first");
		}

		@Bean
		GrpcStubFactory blockingStubs() {
			return new GrpcStubFactory() {

				@Override
				public boolean supports(Class<?> type) {
					return type == EchoGrpc.EchoBlockingStub.class;
				}

				@Override
				public Object create(Class<?> type, Channel channel) {
					EchoGrpc.EchoBlockingStub stub = EchoGrpc.newBlockingStub(channel);
					OrderedFactories.this.blockingStubs.add(stub);
					return stub;
				}

			};
		}

		private static GrpcStubFactory factory(String name) {
			return new GrpcStubFactory() {

				@Override
				public boolean supports(Class<?> type) {
					return type == EchoClient.class;
				}

				@Override
				public Object create(Class<?> type, Channel channel) {
					return new EchoClient(name, channel);
				}

			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UnsupportedFieldUser {

		@GrpcClient("echo")
		EchoClient field;

	}

	@Configuration(proxyBeanMethods = false)
	@EnableGrpcClients(channel = "echo", types = EchoClient.class)
	static class UnsupportedBeanUser {

	}

	@Configuration(proxyBeanMethods = false)
	@EnableGrpcClients(channel = "echo", types = EchoClient.class)
	static class EchoClientUsers {

		@GrpcClient("echo")
		EchoClient field;

		@GrpcClient("echo")
		EchoGrpc.EchoBlockingStub blocking;

		EchoClient constructor;

		@Bean
		String constructorUser(@GrpcClient("echo") EchoClient client) {
			this.constructor = client;
			return "user";
		}

	}

}
