package io.grpckit.server.autoconfigure;

import java.nio.file.Path;
import java.util.logging.Level;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpckit.internal.ssl.MissingSslBundleException;
import io.grpckit.server.GrpcServerLifecycle;
import io.grpckit.test.proto.EchoGrpc;
import io.grpckit.testsupport.Channels;
import io.grpckit.testsupport.JulCapture;
import io.grpckit.testsupport.TestCertificates;
import io.grpckit.testsupport.TestTls;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;

import static io.grpckit.testsupport.Calls.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * TLS and mutual TLS from Spring Boot SSL bundles, with certificates generated for the test:
 * a grpckit server and a grpckit client, each configured only by properties.
 */
class TlsIntegrationTests {

	@TempDir
	static Path directory;

	static Path certs;

	@BeforeAll
	static void generateCertificates() {
		certs = TestTls.writeCertificates(directory, "alice");
		TestCertificates.writeCertificate(TestCertificates.ca("some other CA"), certs, "other-ca");
	}

	private final ApplicationContextRunner server = TestTls.server(certs);

	private final ApplicationContextRunner client = TestTls.client()
		.withPropertyValues(bundle("client", "alice", "ca"))
		.withPropertyValues(bundle("trust-only", null, "ca"))
		.withPropertyValues(bundle("other-ca", "alice", "other-ca"));

	static String[] bundle(String name, String keystore, String truststore) {
		return TestCertificates.pemBundle(certs, name, keystore, truststore);
	}

	@Test
	void tlsCallSucceeds() {
		this.server.run((server) -> assertThat(echo(server, "trust-only", null)).isEqualTo("hello"));
	}

	@Test
	void mutualTlsCallSucceeds() {
		this.server.withPropertyValues("grpckit.server.ssl.client-auth=required")
			.run((server) -> assertThat(echo(server, "client", null)).isEqualTo("hello"));
	}

	@Test
	void authorityOverrideIsTheNameTheCertificateIsCheckedAgainst() {
		this.server.run((server) -> {
			assertThat(echo(server, "trust-only", "localhost")).isEqualTo("hello");
			assertThat(failure(server, "trust-only", "not-the-server.example")).isEqualTo(Status.Code.UNAVAILABLE);
		});
	}

	@Test
	void plaintextClientToTlsServerFailsAndTheServerLogsWhyAtDebugLevel() {
		this.server.run((server) -> {
			JulCapture grpcLogs = JulCapture.of("io.grpc");
			ManagedChannel channel = Channels.loopback(port(server));
			try {
				assertThatExceptionOfType(StatusRuntimeException.class)
					.isThrownBy(() -> EchoGrpc.newBlockingStub(channel).unary(request("hello")))
					.extracting((ex) -> ex.getStatus().getCode())
					.isEqualTo(Status.Code.UNAVAILABLE);
			}
			finally {
				Channels.close(channel);
				grpcLogs.close();
			}
			// grpc-java's FINE is DEBUG once bridged to SLF4J: a reason, no noise
			assertThat(grpcLogs.records()).anySatisfy((record) -> {
				assertThat(record.getLevel()).isEqualTo(Level.FINE);
				assertThat(record.getLoggerName()).endsWith("ProtocolNegotiators");
				assertThat(record.getMessage()).startsWith("TLS negotiation failed");

			});
			assertThat(grpcLogs.records()).allSatisfy(
					(record) -> assertThat(record.getLevel().intValue()).isLessThan(Level.INFO.intValue()));
			// and the server still serves TLS clients
			assertThat(echo(server, "trust-only", null)).isEqualTo("hello");
		});
	}

	@Test
	void untrustedCertificateAuthorityFails() {
		this.server.run((server) -> assertThat(failure(server, "other-ca", null)).isEqualTo(Status.Code.UNAVAILABLE));
	}

	@Test
	void mutualTlsWithoutClientCertificateIsRejected() {
		this.server.withPropertyValues("grpckit.server.ssl.client-auth=required")
			.run((server) -> assertThat(failure(server, "trust-only", null)).isEqualTo(Status.Code.UNAVAILABLE));
	}

	@Test
	void optionalClientAuthAcceptsClientsWithoutCertificate() {
		this.server.withPropertyValues("grpckit.server.ssl.client-auth=optional")
			.run((server) -> assertThat(echo(server, "trust-only", null)).isEqualTo("hello"));
	}

	@Test
	void unknownClientBundleFailsStartup() {
		this.client.withPropertyValues("grpckit.client.channel.echo.target=localhost:1",
				"grpckit.client.channel.echo.ssl.bundle=nope")
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(MissingSslBundleException.class)
				.hasMessageContaining("grpckit.client.channel.echo.ssl.bundle"));
	}

	@Test
	void serverBundleWithoutKeyStoreFailsStartup() {
		this.server.withPropertyValues("grpckit.server.ssl.bundle=trust-only")
			.withPropertyValues(bundle("trust-only", null, "ca"))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("grpckit.server.ssl.bundle")
				.hasMessageContaining("no key store"));
	}

	private String echo(ConfigurableApplicationContext server, String bundle, String authority) {
		return TestTls.call(this.client, server, bundle, authority).text();
	}

	private Status.Code failure(ConfigurableApplicationContext server, String bundle, String authority) {
		return TestTls.call(this.client, server, bundle, authority).code();
	}

	private static int port(ConfigurableApplicationContext server) {
		return server.getBean(GrpcServerLifecycle.class).getPort();
	}


}
