package io.grpckit.server.autoconfigure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpckit.server.GrpcServerLifecycle;
import io.grpckit.test.proto.EchoGrpc;
import io.grpckit.testsupport.Channels;
import io.grpckit.testsupport.EchoService;
import io.grpckit.testsupport.RawHttp2Connection;
import io.grpckit.testsupport.TestCertificates;
import io.grpckit.testsupport.TestTls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static io.grpckit.testsupport.Calls.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The logging docs/security.md advises for TLS failures shows them and no credential: an
 * application started with exactly the {@code logging.level.*} lines of that page (read
 * from it, so page and test cannot drift), a TLS call carrying a bearer token, and
 * plaintext clients whose handshake fails, one of them sending the token at once; everything
 * the application logs is captured.
 */
@ExtendWith(OutputCaptureExtension.class)
class TlsLoggingIntegrationTests {

	private static final Path SECURITY_DOC = Path.of("../docs/security.md");

	private static final String SECRET = "s3cr3t-token-7f4e9a";

	@TempDir
	Path directory;

	@Test
	void documentedLevelsShowTlsFailuresAndNoCredential(CapturedOutput output) throws Exception {
		List<String> levels = documentedLogLevels();
		assertThat(levels).as("logging.level lines in docs/security.md").isNotEmpty();
		Path certs = TestTls.writeCertificates(this.directory);
		List<String> arguments = new ArrayList<>(List.of("--grpckit.server.port=0",
				"--grpckit.server.address=127.0.0.1", "--grpckit.server.ssl.bundle=server"));
		for (String property : TestCertificates.pemBundle(certs, "server", "server", "ca")) {
			arguments.add("--" + property);
		}
		levels.forEach((level) -> arguments.add("--" + level));
		try (ConfigurableApplicationContext application = new SpringApplicationBuilder(TlsApplication.class)
			.web(WebApplicationType.NONE)
			.run(arguments.toArray(String[]::new))) {
			int port = application.getBean(GrpcServerLifecycle.class).getPort();

			ManagedChannel tls = NettyChannelBuilder.forAddress("localhost", port)
				.sslContext(GrpcSslContexts.forClient().trustManager(certs.resolve("ca.crt").toFile()).build())
				.build();
			Metadata credentials = new Metadata();
			credentials.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + SECRET);
			try {
				assertThat(EchoGrpc.newBlockingStub(tls)
					.withDeadlineAfter(10, TimeUnit.SECONDS)
					.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(credentials))
					.unary(request("hello"))
					.getText()).isEqualTo("hello");
			}
			finally {
				Channels.close(tls);
			}

			ManagedChannel plaintext = Channels.loopback(port);
			try {
				assertThatExceptionOfType(StatusRuntimeException.class)
					.isThrownBy(() -> EchoGrpc.newBlockingStub(plaintext)
						.withDeadlineAfter(10, TimeUnit.SECONDS)
						.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(credentials))
						.unary(request("hello")))
					.extracting((ex) -> ex.getStatus().getCode())
					.isEqualTo(Status.Code.UNAVAILABLE);
			}
			finally {
				Channels.close(plaintext);
			}

			// a plaintext client that sends its request at once, without waiting for the
			// server's SETTINGS as grpc-java does: the bytes the TLS handshake fails on carry
			// the token
			try (RawHttp2Connection eager = RawHttp2Connection.openWithRequest(port, Duration.ofSeconds(10),
					"/grpckit.test.Echo/Unary", Map.of("authorization", "Bearer " + SECRET))) {
				assertThat(eager.readUntilClosed()).isEmpty();
			}
		}
		// nor in a hex dump of the bytes received
		String hexSecret = HexFormat.of().formatHex(SECRET.getBytes(StandardCharsets.US_ASCII));
		assertThat(output.getAll()).contains("TLS negotiation failed")
			.doesNotContain(SECRET)
			.doesNotContainIgnoringCase(hexSecret);
	}

	private static List<String> documentedLogLevels() throws IOException {
		return Files.readAllLines(SECURITY_DOC)
			.stream()
			.map(String::strip)
			.filter((line) -> line.startsWith("logging.level."))
			.toList();
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ SslAutoConfiguration.class, GrpcServerAutoConfiguration.class })
	static class TlsApplication {

		@Bean
		EchoService echoService() {
			return new EchoService();
		}

	}

}
