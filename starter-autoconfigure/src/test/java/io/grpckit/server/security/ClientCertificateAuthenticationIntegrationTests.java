package io.grpckit.server.security;


import java.nio.file.Files;
import java.nio.file.Path;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpckit.client.GrpcChannelFactory;
import io.grpckit.client.autoconfigure.GrpcClientAutoConfiguration;
import io.grpckit.server.GrpcServerLifecycle;
import io.grpckit.server.autoconfigure.GrpcServerAutoConfiguration;
import io.grpckit.server.autoconfigure.security.GrpcServerSecurityAutoConfiguration;
import io.grpckit.test.proto.EchoGrpc;
import io.grpckit.test.proto.EchoRequest;
import io.grpckit.testsupport.EchoService;
import io.grpckit.testsupport.TestCertificates;
import io.grpckit.testsupport.TestCertificates.Issued;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The TLS client certificate as the caller's identity: its common name is looked up in the
 * {@link UserDetailsService} for the authorities that per-method rules check.
 */
class ClientCertificateAuthenticationIntegrationTests {

	@TempDir
	static Path directory;

	static Path certs;

	@BeforeAll
	static void generateCertificates() throws Exception {
		certs = Files.createDirectory(directory.resolve("certs"));
		Issued ca = TestCertificates.ca("grpckit test CA");
		TestCertificates.writeCertificate(ca, certs, "ca");
		TestCertificates.server(ca).writeTo(certs, "server");
		TestCertificates.client(ca, "alice").writeTo(certs, "alice");
		TestCertificates.client(ca, "bob").writeTo(certs, "bob");
		TestCertificates.client(ca, "mallory").writeTo(certs, "mallory");
	}

	private final ApplicationContextRunner server = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, GrpcServerAutoConfiguration.class,
				GrpcServerSecurityAutoConfiguration.class))
		.withBean(EchoService.class)
		.withBean(UserDetailsService.class,
				() -> new InMemoryUserDetailsManager(
						User.withUsername("alice").password("{noop}unused").authorities("ECHO").build(),
						User.withUsername("bob").password("{noop}unused").authorities("OTHER").build()))
		.withPropertyValues("grpckit.server.port=0", "grpckit.server.address=127.0.0.1",
				"grpckit.server.ssl.bundle=server", "grpckit.server.ssl.client-auth=optional",
				"grpckit.server.security.rules[0].methods=grpckit.test.Echo/*",
				"grpckit.server.security.rules[0].authorities=ECHO")
		.withPropertyValues(TestCertificates.pemBundle(certs, "server", "server", "ca"));

	private final ApplicationContextRunner client = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, GrpcClientAutoConfiguration.class))
		.withPropertyValues(TestCertificates.pemBundle(certs, "alice", "alice", "ca"))
		.withPropertyValues(TestCertificates.pemBundle(certs, "bob", "bob", "ca"))
		.withPropertyValues(TestCertificates.pemBundle(certs, "mallory", "mallory", "ca"))
		.withPropertyValues(TestCertificates.pemBundle(certs, "anonymous", null, "ca"));

	@Test
	void certificateWithTheRightAuthorityIsAllowed() {
		this.server.run((server) -> assertThat(call(server, "alice")).isEqualTo(Status.Code.OK));
	}

	@Test
	void knownCertificateWithoutTheAuthorityIsPermissionDenied() {
		this.server.run((server) -> assertThat(call(server, "bob")).isEqualTo(Status.Code.PERMISSION_DENIED));
	}

	@Test
	void unknownCertificateOrNoCertificateIsUnauthenticated() {
		this.server.run((server) -> {
			assertThat(call(server, "mallory")).isEqualTo(Status.Code.UNAUTHENTICATED);
			assertThat(call(server, "anonymous")).isEqualTo(Status.Code.UNAUTHENTICATED);
		});
	}

	private Status.Code call(ConfigurableApplicationContext server, String bundle) {
		Status.Code[] result = new Status.Code[1];
		int port = server.getBean(GrpcServerLifecycle.class).getPort();
		this.client
			.withPropertyValues("grpckit.client.channel.echo.target=localhost:" + port,
					"grpckit.client.channel.echo.ssl.bundle=" + bundle)
			.run((client) -> {
				ManagedChannel channel = client.getBean(GrpcChannelFactory.class).createChannel("echo");
				try {
					EchoGrpc.newBlockingStub(channel).unary(EchoRequest.newBuilder().setText("hi").build());
					result[0] = Status.Code.OK;
				}
				catch (StatusRuntimeException ex) {
					result[0] = ex.getStatus().getCode();
				}
			});
		return result[0];
	}

}
