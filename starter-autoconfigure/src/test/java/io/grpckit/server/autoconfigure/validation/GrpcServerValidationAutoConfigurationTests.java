package io.grpckit.server.autoconfigure.validation;

import java.util.List;
import java.util.Map;

import build.buf.protovalidate.Validator;
import build.buf.protovalidate.ValidatorFactory;
import com.google.rpc.BadRequest.FieldViolation;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpckit.InterceptorOrder;
import io.grpckit.internal.validation.MessageValidation;
import io.grpckit.server.GrpcServerLifecycle;
import io.grpckit.server.autoconfigure.GrpcServerAutoConfiguration;
import io.grpckit.server.validation.ValidationServerInterceptor;
import io.grpckit.test.proto.validation.AccountsGrpc;
import io.grpckit.testsupport.AccountsService;
import io.grpckit.testsupport.Channels;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static io.grpckit.testsupport.AccountsService.valid;
import static io.grpckit.testsupport.AccountsService.violations;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Tests for {@link GrpcServerValidationAutoConfiguration}: the beans, and calls to a real
 * Netty server built by the kit, so the interceptor runs in the kit's global chain.
 */
class GrpcServerValidationAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcServerAutoConfiguration.class,
				GrpcServerValidationAutoConfiguration.class))
		.withBean(AccountsService.class)
		.withPropertyValues("grpckit.server.port=0", "grpckit.server.address=127.0.0.1");

	@Test
	void onByDefaultWhenProtovalidateIsPresent() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(Validator.class)
				.hasSingleBean(ValidationServerInterceptor.class);
			assertThat(context.getBean(ValidationServerInterceptor.class).getOrder())
				.isGreaterThan(InterceptorOrder.SECURITY)
				.isGreaterThan(InterceptorOrder.RATE_LIMIT_BY_PRINCIPAL)
				.isGreaterThan(InterceptorOrder.LIMITS)
				.isGreaterThan(InterceptorOrder.EXCEPTION_MAPPING);
			StatusRuntimeException failure = create(context, valid("x"));
			assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
			assertThat(violations(failure)).extracting(FieldViolation::getField).containsExactly("name");
			assertThat(context.getBean(AccountsService.class).events()).isEmpty();
			assertThat(create(context, valid("ada"))).isNull();
		});
	}

	@Test
	void offWhenDisabled() {
		this.runner.withPropertyValues("grpckit.server.validation.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(ValidationServerInterceptor.class);
			assertThat(create(context, valid("x"))).isNull();
		});
	}

	@Test
	void offWithoutProtovalidate() {
		this.runner.withClassLoader(new FilteredClassLoader(Validator.class)).run((context) -> {
			assertThat(context).hasNotFailed()
				.doesNotHaveBean(ValidationServerInterceptor.class)
				.doesNotHaveBean("grpckitProtoValidator");
			assertThat(create(context, valid("x"))).isNull();
		});
	}

	@Test
	void offWhenTheServerIsDisabled() {
		this.runner.withPropertyValues("grpckit.server.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ValidationServerInterceptor.class));
	}

	@Test
	void excludeMethodsLetsTheirRequestsThrough() {
		this.runner.withPropertyValues("grpckit.server.validation.exclude-methods=grpckit.test.validation.Accounts/Restore")
			.run((context) -> {
				ManagedChannel channel = Channels.loopback(port(context));
				try {
					AccountsGrpc.AccountsBlockingStub stub = AccountsGrpc.newBlockingStub(channel);
					assertThat(stub.restore(valid("x")).getAccepted()).isEqualTo(1);
					assertThat(create(context, valid("x")).getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
				}
				finally {
					Channels.close(channel);
				}
			});
	}

	@Test
	void backsOffForUserValidatorAndInterceptor() {
		Validator validator = ValidatorFactory.newBuilder().build();
		this.runner.withBean(Validator.class, () -> validator)
			.run((context) -> assertThat(context.getBean(Validator.class)).isSameAs(validator));
		ValidationServerInterceptor interceptor = new ValidationServerInterceptor(new MessageValidation(validator),
				List.of("*"));
		this.runner.withBean(ValidationServerInterceptor.class, () -> interceptor).run((context) -> {
			assertThat(context.getBean(ValidationServerInterceptor.class)).isSameAs(interceptor);
			assertThat(create(context, valid("x"))).isNull();
		});
	}

	@Test
	void propertiesBind() {
		GrpcServerValidationProperties properties = new Binder(new MapConfigurationPropertySource(
				Map.of("grpckit.server.validation.exclude-methods", "a.B/C,a.B/*")))
			.bindOrCreate("grpckit.server.validation", GrpcServerValidationProperties.class);
		assertThat(properties.isEnabled()).isTrue();
		assertThat(properties.getExcludeMethods()).containsExactly("a.B/C", "a.B/*");
	}

	/**
	 * Call Create on the context's server.
	 * @return {@code null} when the call succeeded, else its failure
	 */
	private static StatusRuntimeException create(AssertableApplicationContext context,
			io.grpckit.test.proto.validation.CreateAccountRequest request) {
		ManagedChannel channel = Channels.loopback(port(context));
		try {
			return catchThrowableOfType(StatusRuntimeException.class,
					() -> AccountsGrpc.newBlockingStub(channel).create(request));
		}
		finally {
			Channels.close(channel);
		}
	}

	private static int port(AssertableApplicationContext context) {
		return context.getBean(GrpcServerLifecycle.class).getPort();
	}

}
