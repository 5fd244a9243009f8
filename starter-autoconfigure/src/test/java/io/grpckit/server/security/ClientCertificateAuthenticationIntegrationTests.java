package io.grpckit.server.security;

import java.nio.file.Path;

import io.grpc.Status;
import io.grpckit.server.autoconfigure.security.GrpcServerSecurityAutoConfiguration;
import io.grpckit.testsupport.TestCertificates;
import io.grpckit.testsupport.TestTls;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
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
	static void generateCertificates() {
		certs = TestTls.writeCertificates(directory, "alice", "bob", "mallory");
	}

	private final ApplicationContextRunner server = TestTls.server(certs)
		.withConfiguration(AutoConfigurations.of(GrpcServerSecurityAutoConfiguration.class))
		.withBean(UserDetailsService.class,
				() -> new InMemoryUserDetailsManager(
						User.withUsername("alice").password("{noop}unused").authorities("ECHO").build(),
						User.withUsername("bob").password("{noop}unused").authorities("OTHER").build()))
		.withPropertyValues("grpckit.server.ssl.client-auth=optional",
				"grpckit.server.security.rules[0].methods=grpckit.test.Echo/*",
				"grpckit.server.security.rules[0].authorities=ECHO");

	private final ApplicationContextRunner client = TestTls.client()
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
		return TestTls.call(this.client, server, bundle, null).code();
	}

}
