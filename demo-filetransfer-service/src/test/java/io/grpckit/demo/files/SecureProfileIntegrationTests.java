package io.grpckit.demo.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import com.google.protobuf.ByteString;
import io.grpc.CallCredentials;
import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.grpckit.demo.files.cli.FileTransferCli;
import io.grpckit.demo.files.proto.DownloadRequest;
import io.grpckit.demo.files.proto.FileChunk;
import io.grpckit.demo.files.proto.FileMetadata;
import io.grpckit.demo.files.proto.FileRef;
import io.grpckit.demo.files.proto.FileTransferGrpc;
import io.grpckit.demo.files.proto.UploadReply;
import io.grpckit.demo.files.proto.UploadRequest;
import io.grpckit.test.LocalGrpcPort;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.skyscreamer.jsonassert.JSONAssert;
import org.skyscreamer.jsonassert.JSONCompareMode;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The demo as it ships with {@code --spring.profiles.active=secure}: TLS from the PEM files in
 * {@code FILES_TLS_DIR} (a CA and server certificate made at test run time) and the shared
 * token from {@code FILES_TOKEN}, over real loopback connections, with stubs and with the CLI.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "grpckit.server.port=0", "grpckit.server.shutdown.quiet-period=0s" })
@ActiveProfiles("secure")
@ExtendWith(OutputCaptureExtension.class)
class SecureProfileIntegrationTests {

	private static final String TOKEN = "3f7c0a9d5e1b4c2a8f6d0e9b7a5c3e1f2d4b6a8c0e2f4a6b8d0c2e4f6a8b0d2c";

	private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
			Metadata.ASCII_STRING_MARSHALLER);

	@TempDir
	static Path dir;

	static Path tls;

	@BeforeAll
	static void certificates() throws IOException {
		tls = TestTls.write(Files.createDirectories(dir.resolve("tls")));
	}

	@DynamicPropertySource
	static void secureProfileInputs(DynamicPropertyRegistry registry) {
		// what the README's shell sets: the profile reads both through placeholders
		registry.add("FILES_TLS_DIR", () -> tls.toString());
		registry.add("FILES_TOKEN", () -> TOKEN);
		registry.add("grpckit.demo.files.root", () -> dir.resolve("store").toString());
	}

	@LocalGrpcPort
	int port;

	@LocalServerPort
	int httpPort;

	private final List<ManagedChannel> channels = new ArrayList<>();

	@AfterEach
	void closeChannels() throws InterruptedException {
		for (ManagedChannel channel : this.channels) {
			channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
	}

	@Test
	void uploadAndDownloadOverTlsWithTheToken() throws Exception {
		FileTransferGrpc.FileTransferStub stub = FileTransferGrpc.newStub(tlsChannel(tls.resolve("ca.crt")))
			.withCallCredentials(bearer(TOKEN));
		byte[] content = "over TLS, with a token".getBytes();
		UploadReply reply = upload(stub, "secure/a.txt", content);
		assertThat(reply.getFile().getSize()).isEqualTo(content.length);
		assertThat(download(FileTransferGrpc.newBlockingStub(stub.getChannel()).withCallCredentials(bearer(TOKEN)),
				"secure/a.txt")).isEqualTo(content);
	}

	@Test
	void callsWithoutTokenAreUnauthenticated() {
		ManagedChannel channel = tlsChannel(tls.resolve("ca.crt"));
		assertThat(statusOf(() -> FileTransferGrpc.newBlockingStub(channel).stat(ref("x"))))
			.isEqualTo(Status.Code.UNAUTHENTICATED);
		assertThat(statusOf(() -> download(FileTransferGrpc.newBlockingStub(channel), "x")))
			.isEqualTo(Status.Code.UNAUTHENTICATED);
		StatusRuntimeException upload = catchThrowableOfType(StatusRuntimeException.class,
				() -> upload(FileTransferGrpc.newStub(channel), "y", new byte[] { 1 }));
		assertThat(upload.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
		assertThat(upload.getStatus().getDescription()).isEqualTo("Authentication required");
	}

	@Test
	void wrongTokensAreUnauthenticated() {
		ManagedChannel channel = tlsChannel(tls.resolve("ca.crt"));
		for (String header : List.of("Bearer " + TOKEN.replace('3', '4'), "Bearer " + TOKEN + "0",
				"Bearer " + TOKEN.substring(1), "Bearer ", "Basic " + TOKEN, TOKEN)) {
			Metadata headers = new Metadata();
			headers.put(AUTHORIZATION, header);
			FileTransferGrpc.FileTransferBlockingStub stub = FileTransferGrpc.newBlockingStub(channel)
				.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
			assertThat(statusOf(() -> stub.stat(ref("x")))).as(header).isEqualTo(Status.Code.UNAUTHENTICATED);
			assertThat(statusOf(() -> download(stub, "x"))).as(header).isEqualTo(Status.Code.UNAUTHENTICATED);
		}
	}

	@Test
	void plaintextClientFails() {
		ManagedChannel plaintext = channel(InsecureChannelCredentials.create());
		assertThat(statusOf(() -> HealthGrpc.newBlockingStub(plaintext).check(HealthCheckRequest.getDefaultInstance())))
			.isEqualTo(Status.Code.UNAVAILABLE);
	}

	@Test
	void serverCertificateFromAnotherCaIsRefused(@TempDir Path other) {
		ManagedChannel untrusting = tlsChannel(TestTls.write(other).resolve("ca.crt"));
		assertThat(statusOf(() -> HealthGrpc.newBlockingStub(untrusting).check(HealthCheckRequest.getDefaultInstance())))
			.isEqualTo(Status.Code.UNAVAILABLE);
	}

	@Test
	void healthCheckNeedsNoToken() {
		HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(tlsChannel(tls.resolve("ca.crt")));
		for (String service : List.of("", "filetransfer.FileTransfer")) {
			assertThat(health.check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus())
				.as(service)
				.isEqualTo(ServingStatus.SERVING);
		}
	}

	@Test
	void reflectionNeedsTheTokenToo() throws Exception {
		ManagedChannel channel = tlsChannel(tls.resolve("ca.crt"));
		assertThat(listServices(ServerReflectionGrpc.newStub(channel).withCallCredentials(bearer(TOKEN))))
			.contains("filetransfer.FileTransfer", "grpc.health.v1.Health");
		ExecutionException without = catchThrowableOfType(ExecutionException.class,
				() -> listServices(ServerReflectionGrpc.newStub(channel)));
		assertThat(Status.fromThrowable(without.getCause()).getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
	}

	@Test
	void actuatorProbesStayOpenOverHttps() throws Exception {
		HttpClient http = https();
		for (String group : List.of("liveness", "readiness")) {
			HttpResponse<String> response = http.send(
					HttpRequest.newBuilder(URI.create("https://localhost:" + this.httpPort + "/actuator/health/" + group))
						.build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(group).isEqualTo(200);
			assertThat(response.body()).as(group).contains("\"status\":\"UP\"");
		}
		// the certificate's details (serial, subject, validity) are not shown to anonymous callers
		HttpResponse<String> health = http.send(
				HttpRequest.newBuilder(URI.create("https://localhost:" + this.httpPort + "/actuator/health")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).contains("\"status\":\"UP\"").doesNotContain("components", "details", "serial");
		// the HTTP port speaks TLS only
		HttpResponse<String> plaintext = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.httpPort + "/actuator/health")).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(plaintext.statusCode()).isEqualTo(400);
		assertThat(plaintext.body()).doesNotContain("UP");
	}

	@Test
	void theTokenIsNeededOverHttpTooWithConnect() throws Exception {
		upload(FileTransferGrpc.newStub(tlsChannel(tls.resolve("ca.crt"))).withCallCredentials(bearer(TOKEN)),
				"secure/connect.txt", "over HTTP".getBytes());
		String stat = "{\"name\": \"secure/connect.txt\"}";
		HttpResponse<String> without = connect("/filetransfer.FileTransfer/Stat", stat, null);
		assertThat(without.statusCode()).isEqualTo(401);
		JSONAssert.assertEquals("{\"code\": \"unauthenticated\", \"message\": \"Authentication required\"}",
				without.body(), JSONCompareMode.LENIENT);
		HttpResponse<String> wrong = connect("/filetransfer.FileTransfer/Stat", stat, "Bearer " + TOKEN + "0");
		assertThat(wrong.statusCode()).isEqualTo(401);
		HttpResponse<String> with = connect("/filetransfer.FileTransfer/Stat", stat, "Bearer " + TOKEN);
		assertThat(with.statusCode()).isEqualTo(200);
		JSONAssert.assertEquals("{\"name\": \"secure/connect.txt\", \"size\": \"9\"}", with.body(),
				JSONCompareMode.LENIENT);
		// health needs no token over HTTP either
		HttpResponse<String> health = connect("/grpc.health.v1.Health/Check",
				"{\"service\": \"filetransfer.FileTransfer\"}", null);
		assertThat(health.statusCode()).isEqualTo(200);
		JSONAssert.assertEquals("{\"status\": \"SERVING\"}", health.body(), JSONCompareMode.STRICT);
	}

	@Test
	void theTokenIsNeededOverHttpTooOnTheJsonRoutes() throws Exception {
		upload(FileTransferGrpc.newStub(tlsChannel(tls.resolve("ca.crt"))).withCallCredentials(bearer(TOKEN)),
				"secure/routes.txt", "over HTTP".getBytes());
		for (String path : List.of("/v1/files/secure/routes.txt", "/v1/files?prefix=secure/")) {
			HttpResponse<String> without = httpGet(path, null);
			assertThat(without.statusCode()).as(path).isEqualTo(401);
			JSONAssert.assertEquals("{\"code\": 16, \"message\": \"Authentication required\", \"details\": []}",
					without.body(), JSONCompareMode.STRICT);
			assertThat(httpGet(path, "Bearer " + TOKEN.substring(1)).statusCode()).as(path).isEqualTo(401);
			HttpResponse<String> with = httpGet(path, "Bearer " + TOKEN);
			assertThat(with.statusCode()).as(path).isEqualTo(200);
			assertThat(with.body()).as(path).contains("secure/routes.txt");
		}
		HttpResponse<String> delete = https()
			.send(HttpRequest.newBuilder(URI.create("https://localhost:" + this.httpPort + "/v1/files/secure/routes.txt"))
				.DELETE()
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(delete.statusCode()).isEqualTo(401);
		assertThat(dir.resolve("store/secure/routes.txt")).exists();
	}

	@Test
	void cliUploadsAndDownloadsWithTlsCaAuthorityAndToken(CapturedOutput output) throws IOException {
		Path source = Files.write(dir.resolve("cli-source.bin"), new byte[300_000]);
		Path copy = dir.resolve("cli-copy.bin");
		// the certificate names localhost only: dialling 127.0.0.1 needs --authority
		String[] secure = { "--target=127.0.0.1:" + this.port, "--authority=localhost",
				"--tls-ca=" + tls.resolve("ca.crt"), "--token=" + TOKEN };
		assertThat(FileTransferCli.run(concat(new String[] { "upload", source.toString(), "cli/file.bin" }, secure)))
			.isZero();
		assertThat(FileTransferCli.run(concat(new String[] { "download", "cli/file.bin", copy.toString() }, secure)))
			.isZero();
		assertThat(copy).hasSameBinaryContentAs(source);
		assertThat(FileTransferCli.run(concat(new String[] { "ls", "cli/" }, secure))).isZero();
		assertThat(output.getOut()).contains("cli/file.bin");
	}

	@Test
	void cliWithoutTokenFailsUnauthenticated(CapturedOutput output) {
		assertThat(FileTransferCli.run("stat", "x", "--target=localhost:" + this.port,
				"--tls-ca=" + tls.resolve("ca.crt")))
			.isEqualTo(1);
		assertThat(output.getErr()).contains("failed: UNAUTHENTICATED: Authentication required");
	}

	@Test
	void cliRefusesToSendTheTokenInPlaintext(CapturedOutput output) {
		assertThat(FileTransferCli.run("stat", "x", "--target=localhost:" + this.port, "--token=" + TOKEN))
			.isEqualTo(2);
		assertThat(output.getErr()).contains("A token is only sent over TLS: add --tls-ca=<ca.pem>");
	}

	@Test
	void startupFailsWithoutToken() {
		SpringApplication application = new SpringApplication(FileTransferApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setBannerMode(Banner.Mode.OFF);
		assertThatThrownBy(() -> application.run("--spring.profiles.active=secure", "--grpckit.server.port=0",
				"--FILES_TLS_DIR=" + tls, "--grpckit.demo.files.root=" + dir.resolve("other-store")))
			.hasStackTraceContaining("grpckit.demo.files.token is not set");
		assertThatThrownBy(() -> application.run("--spring.profiles.active=secure", "--grpckit.server.port=0",
				"--FILES_TLS_DIR=" + tls, "--grpckit.demo.files.root=" + dir.resolve("other-store"),
				"--FILES_TOKEN=secret"))
			.hasStackTraceContaining("grpckit.demo.files.token is shorter than 32 characters");
	}

	private HttpResponse<String> connect(String path, String json, @Nullable String authorization)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://localhost:" + this.httpPort + path))
			.header("content-type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json));
		if (authorization != null) {
			request.header("authorization", authorization);
		}
		return https().send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> httpGet(String path, @Nullable String authorization)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://localhost:" + this.httpPort + path));
		if (authorization != null) {
			request.header("authorization", authorization);
		}
		return https().send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** An HTTPS client that trusts the test CA. */
	private static HttpClient https() {
		try (InputStream in = Files.newInputStream(tls.resolve("ca.crt"))) {
			KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
			trusted.load(null, null);
			trusted.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
			TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			trust.init(trusted);
			SSLContext ssl = SSLContext.getInstance("TLS");
			ssl.init(null, trust.getTrustManagers(), null);
			return HttpClient.newBuilder().sslContext(ssl).build();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private ManagedChannel tlsChannel(Path ca) {
		try {
			return channel(TlsChannelCredentials.newBuilder().trustManager(ca.toFile()).build());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private ManagedChannel channel(ChannelCredentials credentials) {
		ManagedChannel channel = NettyChannelBuilder.forAddress("localhost", this.port, credentials).build();
		this.channels.add(channel);
		return channel;
	}

	private static CallCredentials bearer(String token) {
		return new CallCredentials() {
			@Override
			public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
				Metadata headers = new Metadata();
				headers.put(AUTHORIZATION, "Bearer " + token);
				applier.apply(headers);
			}
		};
	}

	private static UploadReply upload(FileTransferGrpc.FileTransferStub stub, String name, byte[] content)
			throws Exception {
		CompletableFuture<UploadReply> reply = new CompletableFuture<>();
		StreamObserver<UploadRequest> requests = stub.withDeadlineAfter(10, TimeUnit.SECONDS)
			.upload(new StreamObserver<>() {
				@Override
				public void onNext(UploadReply value) {
					reply.complete(value);
				}

				@Override
				public void onError(Throwable t) {
					reply.completeExceptionally(t);
				}

				@Override
				public void onCompleted() {
				}
			});
		requests.onNext(UploadRequest.newBuilder().setMetadata(FileMetadata.newBuilder().setName(name)).build());
		requests.onNext(UploadRequest.newBuilder().setChunk(ByteString.copyFrom(content)).build());
		requests.onCompleted();
		try {
			return reply.get(10, TimeUnit.SECONDS);
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof Exception cause) ? cause : ex;
		}
	}

	private static List<String> listServices(ServerReflectionGrpc.ServerReflectionStub stub) throws Exception {
		CompletableFuture<List<String>> services = new CompletableFuture<>();
		StreamObserver<ServerReflectionRequest> requests = stub.withDeadlineAfter(10, TimeUnit.SECONDS)
			.serverReflectionInfo(new StreamObserver<>() {
				@Override
				public void onNext(ServerReflectionResponse response) {
					services.complete(response.getListServicesResponse()
						.getServiceList()
						.stream()
						.map(ServiceResponse::getName)
						.toList());
				}

				@Override
				public void onError(Throwable t) {
					services.completeExceptionally(t);
				}

				@Override
				public void onCompleted() {
				}
			});
		requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
		requests.onCompleted();
		return services.get(10, TimeUnit.SECONDS);
	}

	private static byte[] download(FileTransferGrpc.FileTransferBlockingStub stub, String name) {
		ByteString content = ByteString.EMPTY;
		Iterator<FileChunk> chunks = stub.withDeadlineAfter(10, TimeUnit.SECONDS)
			.download(DownloadRequest.newBuilder().setName(name).build());
		while (chunks.hasNext()) {
			content = content.concat(chunks.next().getContent());
		}
		return content.toByteArray();
	}

	private static Status.Code statusOf(Runnable call) {
		return catchThrowableOfType(StatusRuntimeException.class, call::run).getStatus().getCode();
	}

	private static FileRef ref(String name) {
		return FileRef.newBuilder().setName(name).build();
	}

	private static String[] concat(String[] first, String[] second) {
		String[] all = Arrays.copyOf(first, first.length + second.length);
		System.arraycopy(second, 0, all, first.length, second.length);
		return all;
	}

}
