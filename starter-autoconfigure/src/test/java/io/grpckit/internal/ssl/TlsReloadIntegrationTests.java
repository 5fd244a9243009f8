package io.grpckit.internal.ssl;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpckit.client.GrpcChannelFactory;
import io.grpckit.client.autoconfigure.GrpcClientAutoConfiguration;
import io.grpckit.server.GrpcServerLifecycle;
import io.grpckit.server.autoconfigure.GrpcServerAutoConfiguration;
import io.grpckit.server.interceptor.GlobalServerInterceptor;
import io.grpckit.test.proto.EchoGrpc;
import io.grpckit.test.proto.EchoRequest;
import io.grpckit.testsupport.EchoService;
import io.grpckit.testsupport.PeerCertificates;
import io.grpckit.testsupport.TestCertificates;
import io.grpckit.testsupport.TestCertificates.Issued;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Certificate hot reload: after the PEM files of both bundles are replaced, a new
 * connection of the same channel to the same server presents the new certificates, in both
 * directions, without restarting either side.
 */
class TlsReloadIntegrationTests {

	@TempDir
	Path directory;

	@Test
	void newConnectionsPresentTheReplacedCertificatesOnServerAndClient() throws Exception {
		Path certs = Files.createDirectory(this.directory.resolve("certs"));
		Issued ca = TestCertificates.ca("grpckit reload CA");
		TestCertificates.writeCertificate(ca, certs, "ca");
		Issued server = TestCertificates.server(ca);
		Issued client = TestCertificates.client(ca, "alice");
		server.writeTo(certs, "server");
		client.writeTo(certs, "client");
		String watch = "spring.ssl.bundle.watch.file.quiet-period=100ms";
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, GrpcServerAutoConfiguration.class))
			.withBean(EchoService.class)
			.withBean(ClientCertificateRecorder.class)
			.withPropertyValues("grpckit.server.port=0", "grpckit.server.ssl.bundle=server",
					"grpckit.server.ssl.client-auth=required", watch)
			.withPropertyValues(bundle(certs, "server"))
			.run((serverContext) -> {
				int port = serverContext.getBean(GrpcServerLifecycle.class).getPort();
				ClientCertificateRecorder seenByServer = serverContext.getBean(ClientCertificateRecorder.class);
				new ApplicationContextRunner()
					.withConfiguration(
							AutoConfigurations.of(SslAutoConfiguration.class, GrpcClientAutoConfiguration.class))
					.withPropertyValues("grpckit.client.channel.echo.target=localhost:" + port,
							"grpckit.client.channel.echo.ssl.bundle=client", watch)
					.withPropertyValues(bundle(certs, "client"))
					.run((clientContext) -> {
						ManagedChannel managed = clientContext.getBean(GrpcChannelFactory.class).createChannel("echo");
						PeerCertificates seenByClient = new PeerCertificates();
						Channel channel = ClientInterceptors.intercept(managed, seenByClient.clientInterceptor());
						call(channel);
						assertThat(seenByClient.serial()).isEqualTo(server.serial());
						assertThat(seenByServer.serial()).isEqualTo(client.serial());

						Issued newServer = TestCertificates.server(ca);
						Issued newClient = TestCertificates.client(ca, "alice");
						newServer.writeTo(certs, "server");
						newClient.writeTo(certs, "client");

						await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
							// a new connection of the same channel: the old one keeps its session
							managed.enterIdle();
							call(channel);
							assertThat(seenByClient.serial()).as("server certificate seen by the client")
								.isEqualTo(newServer.serial());
							assertThat(seenByServer.serial()).as("client certificate seen by the server")
								.isEqualTo(newClient.serial());
						});
						assertThat(managed).isSameAs(clientContext.getBean(GrpcChannelFactory.class).createChannel("echo"));
					});
			});
	}

	private static String[] bundle(Path certs, String name) {
		String prefix = "spring.ssl.bundle.pem." + name + ".";
		return new String[] { prefix + "reload-on-update=true",
				prefix + "keystore.certificate=file:" + certs.resolve(name + ".crt"),
				prefix + "keystore.private-key=file:" + certs.resolve(name + ".key"),
				prefix + "truststore.certificate=file:" + certs.resolve("ca.crt") };
	}

	private static void call(Channel channel) {
		EchoGrpc.newBlockingStub(channel)
			// generous: the first TLS connection of a cold JVM on a loaded machine is slow
			.withDeadlineAfter(Duration.ofSeconds(15))
			.unary(EchoRequest.newBuilder().setText("hello").build());
	}

	/** Records the certificate each call's client presented, as a global interceptor bean. */
	@GlobalServerInterceptor
	static class ClientCertificateRecorder implements ServerInterceptor {

		private final PeerCertificates seen = new PeerCertificates();

		private final ServerInterceptor recorder = this.seen.serverInterceptor();

		BigInteger serial() {
			return this.seen.serial();
		}

		@Override
		public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
				ServerCallHandler<ReqT, RespT> next) {
			return this.recorder.interceptCall(call, headers, next);
		}

	}

}
