package io.grpckit.server.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpckit.client.GrpcChannelFactory;
import io.grpckit.client.autoconfigure.GrpcClientAutoConfiguration;
import io.grpckit.server.GrpcServerLifecycle;
import io.grpckit.test.proto.EchoGrpc;
import io.grpckit.test.proto.EchoRequest;
import io.grpckit.testsupport.Channels;
import io.grpckit.testsupport.EchoService;
import io.grpckit.testsupport.JulCapture;
import io.grpckit.testsupport.TestCertificates;
import io.grpckit.testsupport.TestCertificates.Issued;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;

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
	static void generateCertificates() throws Exception {
		certs = Files.createDirectory(directory.resolve("certs"));
		Issued ca = TestCertificates.ca("grpckit test CA");
		TestCertificates.writeCertificate(ca, certs, "ca");
		TestCertificates.server(ca).writeTo(certs, "server");
		TestCertificates.client(ca, "alice").writeTo(certs, "client");
		TestCertificates.writeCertificate(TestCertificates.ca("some other CA"), certs, "other-ca");
	}

	private final ApplicationContextRunner server = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, GrpcServerAutoConfiguration.class))
		.withBean(EchoService.class)
		.withPropertyValues("grpckit.server.port=0", "grpckit.server.address=127.0.0.1",
				"grpckit.server.ssl.bundle=server")
		.withPropertyValues(bundle("server", "server", "ca"));

	private final ApplicationContextRunner client = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, GrpcClientAutoConfiguration.class))
		.withPropertyValues(bundle("client", "client", "ca"))
		.withPropertyValues(bundle("trust-only", null, "ca"))
		.withPropertyValues(bundle("other-ca", "client", "other-ca"));

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
					.isThrownBy(() -> EchoGrpc.newBlockingStub(channel).unary(request()))
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
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
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
		String[] result = new String[1];
		clientFor(server, bundle, authority).run((client) -> {
			ManagedChannel channel = client.getBean(GrpcChannelFactory.class).createChannel("echo");
			result[0] = EchoGrpc.newBlockingStub(channel).unary(request()).getText();
		});
		return result[0];
	}

	private Status.Code failure(ConfigurableApplicationContext server, String bundle, String authority) {
		Status.Code[] result = new Status.Code[1];
		clientFor(server, bundle, authority).run((client) -> {
			ManagedChannel channel = client.getBean(GrpcChannelFactory.class).createChannel("echo");
			try {
				EchoGrpc.newBlockingStub(channel).unary(request());
			}
			catch (StatusRuntimeException ex) {
				result[0] = ex.getStatus().getCode();
			}
		});
		return result[0];
	}

	private ApplicationContextRunner clientFor(ConfigurableApplicationContext server, String bundle,
			String authority) {
		ApplicationContextRunner runner = this.client.withPropertyValues(
				"grpckit.client.channel.echo.target=localhost:" + port(server),
				"grpckit.client.channel.echo.ssl.bundle=" + bundle);
		return (authority != null) ? runner.withPropertyValues("grpckit.client.channel.echo.authority=" + authority)
				: runner;
	}

	private static int port(ConfigurableApplicationContext server) {
		return server.getBean(GrpcServerLifecycle.class).getPort();
	}

	private static EchoRequest request() {
		return EchoRequest.newBuilder().setText("hello").build();
	}

}
