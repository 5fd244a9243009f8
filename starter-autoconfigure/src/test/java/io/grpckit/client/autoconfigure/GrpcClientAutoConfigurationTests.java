package io.grpckit.client.autoconfigure;

import java.util.List;

import io.grpc.ManagedChannel;
import io.grpc.NameResolverRegistry;
import io.grpc.stub.AbstractStub;
import io.grpckit.testsupport.FailureAnalyses;
import org.junit.jupiter.api.Test;

import io.grpckit.client.DefaultGrpcChannelFactory;
import io.grpckit.client.GrpcChannelFactory;
import io.grpckit.client.GrpcChannelTargets;
import io.grpckit.client.GrpcContextTaskDecorator;
import io.grpckit.client.StaticNameResolverProvider;
import io.grpckit.client.interceptor.RequestIdClientInterceptor;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link GrpcClientAutoConfiguration}.
 */
class GrpcClientAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcClientAutoConfiguration.class));

	@Test
	void providesDefaults() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(DefaultGrpcChannelFactory.class);
			assertThat(context).hasSingleBean(GrpcChannelTargets.class);
			assertThat(context).hasSingleBean(RequestIdClientInterceptor.class);
			assertThat(context).hasSingleBean(GrpcContextTaskDecorator.class);
			assertThat(NameResolverRegistry.getDefaultRegistry().getProviderForScheme("static"))
				.isInstanceOf(StaticNameResolverProvider.class);
		});
	}

	@Test
	void backsOffForUserChannelFactory() {
		this.contextRunner.withUserConfiguration(UserFactoryConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(GrpcChannelFactory.class);
			assertThat(context.getBean(GrpcChannelFactory.class))
				.isSameAs(context.getBean(UserFactoryConfiguration.class).factory);
		});
	}

	@Test
	void backsOffForUserTargets() {
		GrpcChannelTargets targets = (name) -> "in-process:" + name;
		this.contextRunner.withBean(GrpcChannelTargets.class, () -> targets)
			.run((context) -> assertThat(context.getBean(GrpcChannelTargets.class)).isSameAs(targets));
	}

	@Test
	void disabledByProperty() {
		this.contextRunner.withPropertyValues("grpckit.client.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(GrpcChannelFactory.class));
	}

	@Test
	void offWithoutGrpcStub() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(AbstractStub.class))
			.run((context) -> assertThat(context).doesNotHaveBean(GrpcChannelFactory.class));
	}

	@Test
	void targetPropertyShapesTheChannel() {
		this.contextRunner.withPropertyValues("grpckit.client.channel.echo.target=static://first:1111,second:2222")
			.run((context) -> {
				ManagedChannel channel = context.getBean(GrpcChannelFactory.class).createChannel("echo");
				assertThat(channel.authority()).isEqualTo("first:1111");
				assertThat(context.getBean(GrpcChannelFactory.class).createChannel("echo")).isSameAs(channel);
			});
	}

	@Test
	void unknownSchemeFailsStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("grpckit.client.channel.echo.target=nosuchscheme:///x:1")
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("grpckit.client.channel.echo.target")
				.hasMessageContaining("no name resolver is registered for scheme 'nosuchscheme'"));
	}

	@Test
	void badStaticAddressFailsStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("grpckit.client.channel.echo.target=static://host-without-port")
			.run((context) -> assertThat(context).getFailure()
				.hasMessageContaining("grpckit.client.channel.echo.target"));
	}

	@Test
	void invalidRetryFailsStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("grpckit.client.channel.echo.target=localhost:1",
				"grpckit.client.channel.echo.method[0].retry.max-attempts=1")
			.run((context) -> assertThat(FailureAnalyses.analyze(context.getStartupFailure()).getDescription())
				.contains("Property: grpckit.client.channel.echo.method[0].retry.max-attempts")
				.contains("Reason: must be at least 2"));
	}

	@Test
	void unknownStatusCodeFailsStartupNamingTheProperty() {
		this.contextRunner
			.withPropertyValues("grpckit.client.channel.echo.method[0].retry.retryable-status-codes=NOPE")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("Failed to bind properties under "
						+ "'grpckit.client.channel.echo.method[0].retry.retryable-status-codes'"));
	}

	@Test
	void missingTargetFailsNamingTheProperty() {
		this.contextRunner.run((context) -> assertThat(
				org.assertj.core.api.Assertions.catchThrowable(() -> context.getBean(GrpcChannelFactory.class).createChannel("nowhere")))
			.isInstanceOf(InvalidConfigurationPropertyValueException.class)
			.hasMessageContaining("grpckit.client.channel.nowhere.target")
			.hasMessageContaining("grpckit.client.channel.default.target"));
	}

	@Test
	void closingTheContextShutsChannelsDown() {
		ManagedChannel[] channel = new ManagedChannel[1];
		this.contextRunner.withPropertyValues("grpckit.client.channel.echo.target=localhost:1")
			.run((context) -> channel[0] = context.getBean(GrpcChannelFactory.class).createChannel("echo"));
		assertThat(channel[0].isTerminated()).isTrue();
	}

	@Configuration(proxyBeanMethods = false)
	static class UserFactoryConfiguration {

		final GrpcChannelFactory factory = new DefaultGrpcChannelFactory((name) -> "in-process:" + name, List.of(),
				java.time.Duration.ZERO);

		@Bean
		GrpcChannelFactory userChannelFactory() {
			return this.factory;
		}

	}

}
