package io.grpckit.server.autoconfigure.security;

import java.util.List;
import java.util.Map;

import io.grpckit.server.autoconfigure.GrpcServerAutoConfiguration;
import io.grpckit.server.security.AuthenticationServerInterceptor;
import io.grpckit.server.security.GrpcAccess;
import io.grpckit.server.security.GrpcMethodRules;
import io.grpckit.server.security.SecurityExceptionResolver;
import io.grpckit.testsupport.EchoService;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.security.authentication.AuthenticationManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.Mockito.mock;

class GrpcServerSecurityAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(GrpcServerAutoConfiguration.class, GrpcServerSecurityAutoConfiguration.class))
		.withBean(EchoService.class)
		.withPropertyValues("grpckit.server.port=0", "grpckit.server.address=127.0.0.1");

	@Test
	void defaultsPresent() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(AuthenticationServerInterceptor.class)
			.hasSingleBean(SecurityExceptionResolver.class));
	}

	@Test
	void backsOffForAUserInterceptor() {
		AuthenticationServerInterceptor own = new AuthenticationServerInterceptor(List.of(),
				mock(AuthenticationManager.class), new GrpcMethodRules(List.of(), GrpcAccess.PERMIT_ALL));
		this.runner.withBean(AuthenticationServerInterceptor.class, () -> own)
			.run((context) -> assertThat(context.getBean(AuthenticationServerInterceptor.class)).isSameAs(own));
	}

	@Test
	void disabled() {
		this.runner.withPropertyValues("grpckit.server.security.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(AuthenticationServerInterceptor.class));
	}

	@Test
	void withoutSpringSecurity() {
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.security"))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(AuthenticationServerInterceptor.class));
	}

	@Test
	void withoutTheResourceServerBasicStillWorks() {
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.security.oauth2"))
			.run((context) -> assertThat(context).hasSingleBean(AuthenticationServerInterceptor.class));
	}

	@Test
	void rulesFromPropertiesDecide() {
		GrpcMethodRules rules = GrpcServerSecurityAutoConfiguration.rules(bind(Map.of(
				"grpckit.server.security.permit-health", "true",
				"grpckit.server.security.rules[0].methods", "helloworld.Greeter/*",
				"grpckit.server.security.rules[0].access", "permit-all")));
		assertThat(rules.ruleFor("helloworld.Greeter/SayHello").access()).isEqualTo(GrpcAccess.PERMIT_ALL);
		assertThat(rules.ruleFor("grpc.health.v1.Health/Check").access()).isEqualTo(GrpcAccess.PERMIT_ALL);
		assertThat(rules.ruleFor("grpc.reflection.v1.ServerReflection/ServerReflectionInfo").access())
			.isEqualTo(GrpcAccess.DENY_ALL);
		assertThat(rules.ruleFor("other.Service/Call").access()).isEqualTo(GrpcAccess.DENY_ALL);
	}

	@Test
	void authoritiesWithPermitAllAreRejected() {
		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
			.isThrownBy(() -> GrpcServerSecurityAutoConfiguration.rules(bind(Map.of(
					"grpckit.server.security.rules[0].methods", "a.B/*",
					"grpckit.server.security.rules[0].access", "permit-all",
					"grpckit.server.security.rules[0].authorities", "ROLE_X"))))
			.withMessageContaining("grpckit.server.security.rules[0].authorities");
	}

	private static GrpcServerSecurityProperties bind(Map<String, String> values) {
		return new Binder(new MapConfigurationPropertySource(values))
			.bind("grpckit.server.security", GrpcServerSecurityProperties.class)
			.get();
	}

}
