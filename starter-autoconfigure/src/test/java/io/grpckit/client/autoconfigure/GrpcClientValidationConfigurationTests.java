package io.grpckit.client.autoconfigure;

import java.util.concurrent.TimeUnit;

import build.buf.protovalidate.Validator;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpckit.client.GrpcChannelFactory;
import io.grpckit.test.proto.validation.AccountsGrpc;
import io.grpckit.testsupport.AccountsService;
import io.grpckit.testsupport.Calls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;

import static io.grpckit.testsupport.AccountsService.valid;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Client-side validation per channel ({@code grpckit.client.channel.<name>.validation.enabled},
 * {@link GrpcClientValidationConfiguration}) against a real in-process server that does not
 * validate: off by default, on per channel or through the 'default' channel.
 */
class GrpcClientValidationConfigurationTests {

	private final String serverName = InProcessServerBuilder.generateName();

	private final AccountsService service = new AccountsService();

	private Server server;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcClientAutoConfiguration.class))
		.withPropertyValues("grpckit.client.channel.accounts.target=in-process:" + this.serverName);

	@BeforeEach
	void start() throws Exception {
		this.server = InProcessServerBuilder.forName(this.serverName)
			.directExecutor()
			.addService(this.service)
			.build()
			.start();
	}

	@AfterEach
	void stop() throws InterruptedException {
		this.server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
	}

	@Test
	void offByDefault() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(Validator.class);
			assertThat(stub(context).create(valid("x")).getAccepted()).isEqualTo(1);
			assertThat(this.service.events()).containsExactly("message:x");
		});
	}

	@Test
	void enabledPerChannelFailsInvalidRequestsLocally() {
		this.runner.withPropertyValues("grpckit.client.channel.accounts.validation.enabled=true").run((context) -> {
			Status status = Calls.failure(() -> stub(context).create(valid("x")));
			assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
			assertThat(status.getDescription()).contains("name: ");
			assertThat(stub(context).create(valid("ada")).getAccepted()).isEqualTo(1);
			assertThat(this.service.events()).as("the invalid request was not sent").containsExactly("message:ada");
		});
	}

	@Test
	void inheritedFromTheDefaultChannelAndOverriddenPerChannel() {
		this.runner.withPropertyValues("grpckit.client.channel.default.validation.enabled=true").run((context) -> {
			assertThat(Calls.failure(() -> stub(context).create(valid("x"))).getCode())
				.isEqualTo(Status.Code.INVALID_ARGUMENT);
			assertThat(this.service.events()).isEmpty();
		});
		this.runner
			.withPropertyValues("grpckit.client.channel.default.validation.enabled=true",
					"grpckit.client.channel.accounts.validation.enabled=false")
			.run((context) -> assertThat(stub(context).create(valid("x")).getAccepted()).isEqualTo(1));
	}

	@Test
	void withoutProtovalidateEnablingItFailsStartupNamingTheProperty() {
		FilteredClassLoader withoutProtovalidate = new FilteredClassLoader(Validator.class);
		this.runner.withClassLoader(withoutProtovalidate)
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean("grpckitProtoValidator"));
		this.runner.withClassLoader(withoutProtovalidate)
			.withPropertyValues("grpckit.client.channel.accounts.validation.enabled=true")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
					.isInstanceOf(InvalidConfigurationPropertyValueException.class)
					.hasMessageContaining("grpckit.client.channel.accounts.validation.enabled")
					.hasMessageContaining("build.buf:protovalidate");
			});
	}

	private static AccountsGrpc.AccountsBlockingStub stub(AssertableApplicationContext context) {
		ManagedChannel channel = context.getBean(GrpcChannelFactory.class).createChannel("accounts");
		return AccountsGrpc.newBlockingStub(channel);
	}

}
