package io.grpckit.client.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpckit.client.GrpcChannelFactory;
import io.grpckit.client.autoconfigure.GrpcClientAutoConfiguration;
import io.grpckit.server.GrpcServerLifecycle;
import io.grpckit.server.autoconfigure.GrpcServerAutoConfiguration;
import io.grpckit.server.autoconfigure.security.GrpcServerSecurityAutoConfiguration;
import io.grpckit.server.interceptor.GlobalServerInterceptor;
import io.grpckit.test.proto.EchoGrpc;
import io.grpckit.test.proto.EchoRequest;
import io.grpckit.testsupport.EchoService;
import io.grpckit.testsupport.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Call credentials configured on a channel by properties reach a secured grpckit server, and
 * never travel over plaintext unless allowed.
 */
class CallCredentialsIntegrationTests {

	@TempDir
	Path directory;

	private final ApplicationContextRunner server = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, GrpcServerAutoConfiguration.class,
				GrpcServerSecurityAutoConfiguration.class))
		.withBean(EchoService.class)
		.withBean(CallerRecorder.class)
		.withBean(AuthenticationManager.class, () -> CallCredentialsIntegrationTests::authenticate)
		.withPropertyValues("grpckit.server.port=0", "grpckit.server.security.default-access=authenticated");

	private final ApplicationContextRunner client = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, GrpcClientAutoConfiguration.class));

	@Test
	void bearerTokenFromAnEnvironmentPlaceholderReachesTheServerWhenPlaintextIsAllowed() {
		this.server.run((server) -> {
			ApplicationContextRunner client = clientOf(server)
				.withSystemProperties("GRPCKIT_TEST_TOKEN=good-token")
				.withPropertyValues("grpckit.client.channel.echo.auth.bearer-token=${GRPCKIT_TEST_TOKEN}",
						"grpckit.client.channel.echo.auth.allow-plaintext=true");
			client.run((context) -> call(context));
			assertThat(server.getBean(CallerRecorder.class).callers).containsExactly("token-user");
		});
	}

	@Test
	void basicCredentialsReachTheServerWhenPlaintextIsAllowed() {
		this.server.run((server) -> {
			clientOf(server)
				.withPropertyValues("grpckit.client.channel.default.auth.basic.username=alice",
						"grpckit.client.channel.default.auth.basic.password=secret",
						"grpckit.client.channel.default.auth.allow-plaintext=true")
				.run(this::call);
			assertThat(server.getBean(CallerRecorder.class).callers).containsExactly("alice");
		});
	}

	@Test
	void credentialsAreNotSentOverPlaintextByDefault() {
		this.server.run((server) -> {
			clientOf(server).withPropertyValues("grpckit.client.channel.echo.auth.bearer-token=good-token")
				.run((context) -> assertThatExceptionOfType(StatusRuntimeException.class)
					.isThrownBy(() -> call(context))
					.satisfies((ex) -> {
						assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
						assertThat(ex.getStatus().getDescription()).contains("plaintext");
					}));
			// refused by the client itself (the server would say "Authentication required"), so
			// no call reached the service
			assertThat(server.getBean(CallerRecorder.class).callers).isEmpty();
		});
	}

	@Test
	void tokenSupplierBeanOverTls() throws Exception {
		Path certs = Files.createDirectory(this.directory.resolve("certs"));
		TestCertificates.Issued ca = TestCertificates.ca("grpckit credentials CA");
		TestCertificates.writeCertificate(ca, certs, "ca");
		TestCertificates.server(ca).writeTo(certs, "server");
		this.server
			.withPropertyValues("grpckit.server.ssl.bundle=server",
					"spring.ssl.bundle.pem.server.keystore.certificate=file:" + certs.resolve("server.crt"),
					"spring.ssl.bundle.pem.server.keystore.private-key=file:" + certs.resolve("server.key"))
			.run((server) -> {
				clientOf(server).withBean("tokens", BearerTokenSupplier.class, () -> () -> "good-token")
					.withPropertyValues("grpckit.client.channel.echo.ssl.bundle=trust",
							"spring.ssl.bundle.pem.trust.truststore.certificate=file:" + certs.resolve("ca.crt"),
							"grpckit.client.channel.echo.auth.token-supplier=tokens")
					.run(this::call);
				assertThat(server.getBean(CallerRecorder.class).callers).containsExactly("token-user");
			});
	}

	private ApplicationContextRunner clientOf(ConfigurableApplicationContext server) {
		return this.client.withPropertyValues(
				"grpckit.client.channel.echo.target=localhost:" + server.getBean(GrpcServerLifecycle.class).getPort());
	}

	private void call(ConfigurableApplicationContext client) {
		ManagedChannel channel = client.getBean(GrpcChannelFactory.class).createChannel("echo");
		EchoGrpc.newBlockingStub(channel).unary(EchoRequest.newBuilder().setText("hello").build());
	}

	private static org.springframework.security.core.Authentication authenticate(
			org.springframework.security.core.Authentication request) {
		if (request instanceof BearerTokenAuthenticationToken bearer && "good-token".equals(bearer.getToken())) {
			return UsernamePasswordAuthenticationToken.authenticated("token-user", null,
					AuthorityUtils.createAuthorityList("ROLE_USER"));
		}
		if (request instanceof UsernamePasswordAuthenticationToken basic && "alice".equals(basic.getName())
				&& "secret".equals(basic.getCredentials())) {
			return UsernamePasswordAuthenticationToken.authenticated("alice", null,
					AuthorityUtils.createAuthorityList("ROLE_USER"));
		}
		throw new BadCredentialsException("Bad credentials");
	}

	/** Runs inside the security interceptor: records who called. */
	@GlobalServerInterceptor
	static class CallerRecorder implements ServerInterceptor {

		final List<String> callers = new CopyOnWriteArrayList<>();

		@Override
		public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
				ServerCallHandler<ReqT, RespT> next) {
			this.callers.add(SecurityContextHolder.getContext().getAuthentication().getName());
			return next.startCall(call, headers);
		}

	}

}
