package io.grpckit.demo.files;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.google.protobuf.ByteString;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.grpckit.demo.files.proto.DownloadRequest;
import io.grpckit.demo.files.proto.FileRef;
import io.grpckit.demo.files.proto.FileTransferGrpc;
import io.grpckit.demo.files.proto.ListRequest;
import io.grpckit.demo.files.proto.UploadAck;
import io.grpckit.demo.files.proto.UploadReply;
import io.grpckit.demo.files.proto.UploadRequest;
import io.grpckit.demo.files.storage.FileStore;
import io.grpckit.server.security.AuthenticationServerInterceptor;
import io.grpckit.test.HealthAndReflectionContract;
import io.grpckit.test.LocalGrpcPort;
import io.grpckit.test.RawBytesMarshaller;
import io.grpckit.test.ResponseEncoding;
import io.grpckit.test.StreamEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * The file-transfer demo as it ships, on the starter: what every grpckit demo server promises
 * (request id, health, reflection, gzip, limits, errors) and Actuator's probes, over a real
 * loopback channel to the real application context. No test doubles: the unexpected fault is a
 * real I/O error, made by putting a file where the store's temporary directory belongs. Health
 * and reflection come through the starter-test's {@link HealthAndReflectionContract}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "grpckit.server.port=0", "grpckit.server.shutdown.quiet-period=0s" })
@ExtendWith(OutputCaptureExtension.class)
class FileTransferApplicationTests implements HealthAndReflectionContract {

	private static final int MIB = 1024 * 1024;

	private static final String SERVICE = "filetransfer.FileTransfer";

	private static final Metadata.Key<String> REQUEST_ID = Metadata.Key.of("x-request-id",
			Metadata.ASCII_STRING_MARSHALLER);

	@TempDir
	static Path root;

	@DynamicPropertySource
	static void storageRoot(DynamicPropertyRegistry registry) {
		registry.add("grpckit.demo.files.root", () -> root.resolve("store").toString());
	}

	@LocalGrpcPort
	int port;

	@LocalServerPort
	int httpPort;

	@Autowired
	FileStore store;

	@Autowired
	ApplicationContext context;

	private ManagedChannel channel;

	@BeforeEach
	void connect() {
		this.channel = NettyChannelBuilder.forAddress("127.0.0.1", this.port).usePlaintext().build();
	}

	@Override
	public Channel grpcChannel() {
		return this.channel;
	}

	@Override
	public String applicationService() {
		return SERVICE;
	}

	@AfterEach
	void disconnect() throws InterruptedException {
		this.channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
	}

	@Test
	void storeComesFromTheDemoProperties() {
		assertThat(this.store.root().toString()).endsWith("store");
		assertThat(this.store.maxSize()).isEqualTo(1L << 30);
		assertThat(this.store.root().resolve(".grpckit/tmp")).isDirectory();
	}

	@Test
	void defaultProfileNeedsNoCredentials() {
		// Spring Security is on the classpath for the 'secure' profile; the default profile
		// switches the kit's call security off, so plaintext calls without a token work
		assertThat(this.context.getBeansOfType(AuthenticationServerInterceptor.class)).isEmpty();
		assertThat(this.context.getBeansOfType(AuthenticationManager.class)).isEmpty();
		FileTransferGrpc.FileTransferBlockingStub stub = FileTransferGrpc.newBlockingStub(this.channel)
			.withDeadlineAfter(5, TimeUnit.SECONDS);
		assertThat(stub.list(ListRequest.getDefaultInstance()).getFilesList()).isNotNull();
	}

	@Test
	void startupLogsTheCleanupOfTheStorageRoot(CapturedOutput output) {
		// captured since before the context started (the extension captures from beforeAll)
		assertThat(output).contains("INFO").contains("Storage root ")
			.contains("removed 0 stale temporary file(s) and 0 expired partial upload(s)");
	}

	@Test
	void requestIdEchoedOnSuccessAndOnErrors() throws InterruptedException {
		AtomicReference<Metadata> headers = new AtomicReference<>();
		AtomicReference<Metadata> trailers = new AtomicReference<>();
		FileTransferGrpc.FileTransferBlockingStub stub = blocking("req-123", headers, trailers);
		byte[] content = FileTransferTestSupport.bytes(1000, 1);
		upload(FileTransferGrpc.newStub(this.channel), "id/ok", content);
		stub.stat(ref("id/ok"));
		assertThat(headers.get().get(REQUEST_ID)).isEqualTo("req-123");

		// an error before any message: a trailers-only response carries it in the trailers
		StatusRuntimeException missing = catchThrowableOfType(StatusRuntimeException.class,
				() -> stub.stat(ref("id/missing")));
		assertThat(missing.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
		assertThat(missing.getTrailers().get(REQUEST_ID)).isEqualTo("req-123");
		StatusRuntimeException invalid = catchThrowableOfType(StatusRuntimeException.class,
				() -> stub.download(DownloadRequest.newBuilder().setName("../x").build()).hasNext());
		assertThat(invalid.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(invalid.getTrailers().get(REQUEST_ID)).isEqualTo("req-123");

		// an error after the first ack: the response headers carry it
		headers.set(null);
		StreamEvents<UploadAck> events = new StreamEvents<>();
		StreamObserver<UploadRequest> requests = FileTransferGrpc.newStub(this.channel)
			.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(requestId("req-456")),
					MetadataUtils.newCaptureMetadataInterceptor(headers, trailers))
			.withDeadlineAfter(10, TimeUnit.SECONDS)
			.uploadResumable(events);
		requests.onNext(FileTransferTestSupport.metadata("id/bad", 3L, "0".repeat(64)));
		requests.onNext(FileTransferTestSupport.chunk(new byte[3], 0, 3));
		assertThat(events.poll(10, TimeUnit.SECONDS)).isInstanceOf(UploadAck.class);
		assertThat(events.poll(10, TimeUnit.SECONDS)).isInstanceOfSatisfying(StatusRuntimeException.class,
				(ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.DATA_LOSS));
		assertThat(headers.get().get(REQUEST_ID)).isEqualTo("req-456");
	}

	@Test
	void requestIdGeneratedFreshPerCall() {
		AtomicReference<Metadata> first = new AtomicReference<>();
		AtomicReference<Metadata> second = new AtomicReference<>();
		AtomicReference<Metadata> trailers = new AtomicReference<>();
		blocking(null, first, trailers).list(io.grpckit.demo.files.proto.ListRequest.getDefaultInstance());
		blocking(null, second, trailers).list(io.grpckit.demo.files.proto.ListRequest.getDefaultInstance());
		assertThat(first.get().get(REQUEST_ID)).isNotBlank().isNotEqualTo(second.get().get(REQUEST_ID));
		StatusRuntimeException missing = catchThrowableOfType(StatusRuntimeException.class,
				() -> blocking(null, first, trailers).delete(ref("none")));
		assertThat(missing.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
		assertThat(missing.getTrailers().get(REQUEST_ID)).isNotBlank()
			.isNotEqualTo(second.get().get(REQUEST_ID));
	}

	@Test
	void gzipResponsesOnlyForGzipRequestsFromClientsThatAcceptIt() throws InterruptedException {
		upload(FileTransferGrpc.newStub(this.channel), "zip/f", new byte[200_000]);
		assertThat(responseEncoding(true, true)).isEqualTo("gzip");
		assertThat(responseEncoding(false, true)).isNull();
		assertThat(responseEncoding(true, false)).isNull();
	}

	@Test
	void largestChunksFitTheInboundLimit() throws InterruptedException {
		// 3 MiB, the largest Download chunk_size, plus framing stays under 4 MiB both ways
		byte[] content = FileTransferTestSupport.bytes(3 * MIB, 2);
		UploadReply reply = upload(FileTransferGrpc.newStub(this.channel), "big/three", content);
		assertThat(reply.getFile().getSize()).isEqualTo(content.length);
		var chunks = FileTransferGrpc.newBlockingStub(this.channel)
			.withDeadlineAfter(10, TimeUnit.SECONDS)
			.download(DownloadRequest.newBuilder().setName("big/three").setChunkSize(3 * MIB).build());
		assertThat(chunks.next().getContent().size()).isEqualTo(3 * MIB);
	}

	@Test
	void messagesOverFourMebibytesAfterDecompressionAreResourceExhausted() throws InterruptedException {
		// compresses to a few KiB, but is larger than the limit once decompressed
		byte[] zeros = new byte[4 * MIB + 1];
		StreamEvents<UploadReply> events = new StreamEvents<>();
		StreamObserver<UploadRequest> requests = FileTransferGrpc.newStub(this.channel)
			.withCompression("gzip")
			.withDeadlineAfter(10, TimeUnit.SECONDS)
			.upload(events);
		requests.onNext(FileTransferTestSupport.metadata("big/over", null, ""));
		requests.onNext(UploadRequest.newBuilder().setChunk(ByteString.copyFrom(zeros)).build());
		requests.onCompleted();
		assertThat(events.poll(10, TimeUnit.SECONDS)).isInstanceOfSatisfying(StatusRuntimeException.class,
				(ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
		// the server's cancel handler may run just after the client saw the status
		await().atMost(Duration.ofSeconds(10))
			.until(() -> FileTransferTestSupport.filesUnder(this.store.root().resolve(".grpckit/tmp")).isEmpty());
	}

	@Test
	void resumableUploadCutOffByTheLimitFreesItsName() throws InterruptedException {
		StreamEvents<UploadAck> events = new StreamEvents<>();
		StreamObserver<UploadRequest> requests = FileTransferGrpc.newStub(this.channel)
			.withCompression("gzip")
			.withDeadlineAfter(10, TimeUnit.SECONDS)
			.uploadResumable(events);
		requests.onNext(FileTransferTestSupport.metadata("big/resumable", 8L * MIB, ""));
		requests.onNext(UploadRequest.newBuilder().setChunk(ByteString.copyFrom(new byte[4 * MIB + 1])).build());
		assertThat(events.poll(10, TimeUnit.SECONDS)).isInstanceOf(UploadAck.class);
		assertThat(events.poll(10, TimeUnit.SECONDS)).isInstanceOfSatisfying(StatusRuntimeException.class,
				(ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
		// the server closed the call itself; the session must still end, or the name stays ABORTED
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			StreamEvents<UploadAck> again = new StreamEvents<>();
			StreamObserver<UploadRequest> retry = FileTransferGrpc.newStub(this.channel)
				.withDeadlineAfter(10, TimeUnit.SECONDS)
				.uploadResumable(again);
			retry.onNext(FileTransferTestSupport.metadata("big/resumable", 8L * MIB, ""));
			Object first = again.poll(10, TimeUnit.SECONDS);
			retry.onCompleted();
			assertThat(first).isInstanceOfSatisfying(UploadAck.class,
					(ack) -> assertThat(ack.getCommittedOffset()).isZero());
		});
	}

	@Test
	void unparsableRequestIsInternal() {
		MethodDescriptor<byte[], byte[]> raw = RawBytesMarshaller.rawMethod(FileTransferGrpc.getStatMethod());
		StatusRuntimeException ex = catchThrowableOfType(StatusRuntimeException.class,
				() -> ClientCalls.blockingUnaryCall(this.channel, raw,
						CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS),
						new byte[] { (byte) 0xff, (byte) 0xff, (byte) 0xff }));
		assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
	}

	@Test
	void unexpectedIoErrorIsInternalWithNothingLeaked(CapturedOutput output) throws Exception {
		Path tmp = this.store.root().resolve(".grpckit/tmp");
		Path parked = this.store.root().resolve(".grpckit/tmp-parked");
		// a real I/O fault: the temporary directory is now a regular file
		Files.move(tmp, parked);
		Files.writeString(tmp, "not a directory");
		try {
			StreamEvents<UploadReply> events = new StreamEvents<>();
			AtomicReference<Metadata> headers = new AtomicReference<>();
			AtomicReference<Metadata> trailers = new AtomicReference<>();
			StreamObserver<UploadRequest> requests = FileTransferGrpc.newStub(this.channel)
				.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(requestId("req-io")),
						MetadataUtils.newCaptureMetadataInterceptor(headers, trailers))
				.withDeadlineAfter(10, TimeUnit.SECONDS)
				.upload(events);
			requests.onNext(FileTransferTestSupport.metadata("io/f", 1L, ""));
			requests.onNext(FileTransferTestSupport.chunk(new byte[1], 0, 1));
			requests.onCompleted();
			Object event = events.poll(10, TimeUnit.SECONDS);
			assertThat(event).isInstanceOf(StatusRuntimeException.class);
			Status status = ((StatusRuntimeException) event).getStatus();
			assertThat(status.getCode()).isEqualTo(Status.Code.INTERNAL);
			assertThat(status.getDescription()).isEqualTo("Internal server error");
			assertThat(status.getCause()).isNull();
			String seen = status + " " + headers.get() + " " + trailers.get();
			assertThat(seen).doesNotContain(tmp.toString(), ".grpckit", "Exception", "at io.grpckit", ".java:");
			assertThat(trailers.get().get(REQUEST_ID)).isEqualTo("req-io");
			// logged once on the server, with the request id and the cause
			assertThat(output.toString().split("requestId=req-io", -1)).hasSize(2);
			assertThat(output).contains("UncheckedIOException");
		}
		finally {
			Files.delete(tmp);
			Files.move(parked, tmp);
		}
	}

	@Test
	void actuatorLivenessAndReadinessOverHttp() throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		for (String group : List.of("liveness", "readiness")) {
			HttpResponse<String> response = http.send(HttpRequest
				.newBuilder(URI.create("http://127.0.0.1:" + this.httpPort + "/actuator/health/" + group))
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(group).isEqualTo(200);
			assertThat(response.body()).as(group).contains("\"status\":\"UP\"");
		}
	}

	@Test
	void healthDetailsAreNotShownToAnonymousCallers() throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		for (String path : List.of("", "/liveness", "/readiness")) {
			HttpResponse<String> response = http.send(HttpRequest
				.newBuilder(URI.create("http://127.0.0.1:" + this.httpPort + "/actuator/health" + path))
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(path).isEqualTo(200);
			// the status alone: no components, no storage root, no free disk space
			assertThat(response.body()).as(path)
				.contains("\"status\":\"UP\"")
				.doesNotContain("components", "details", "diskSpace", "free", "path");
		}
	}

	private String responseEncoding(boolean compressRequest, boolean acceptGzip) throws InterruptedException {
		return ResponseEncoding.of(this.port, compressRequest, acceptGzip,
				(channel) -> FileTransferGrpc.newBlockingStub(channel)
					.withDeadlineAfter(5, TimeUnit.SECONDS)
					.download(DownloadRequest.newBuilder().setName("zip/f").setChunkSize(64 * 1024).build())
					.forEachRemaining((chunk) -> {
					}));
	}

	private FileTransferGrpc.FileTransferBlockingStub blocking(String requestId, AtomicReference<Metadata> headers,
			AtomicReference<Metadata> trailers) {
		FileTransferGrpc.FileTransferBlockingStub stub = FileTransferGrpc.newBlockingStub(this.channel)
			.withDeadlineAfter(10, TimeUnit.SECONDS)
			.withInterceptors(MetadataUtils.newCaptureMetadataInterceptor(headers, trailers));
		return (requestId != null)
				? stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(requestId(requestId))) : stub;
	}

	private static UploadReply upload(FileTransferGrpc.FileTransferStub stub, String name, byte[] content) {
		FileTransferTestSupport.Reply<UploadReply> reply = new FileTransferTestSupport.Reply<>();
		StreamObserver<UploadRequest> requests = stub.withDeadlineAfter(30, TimeUnit.SECONDS).upload(reply);
		requests.onNext(FileTransferTestSupport.metadata(name, (long) content.length,
				FileTransferTestSupport.sha256(content)));
		FileTransferTestSupport.chunks(content, MIB).forEach(requests::onNext);
		requests.onCompleted();
		return reply.await();
	}

	private static Metadata requestId(String id) {
		Metadata headers = new Metadata();
		headers.put(REQUEST_ID, id);
		return headers;
	}

	private static FileRef ref(String name) {
		return FileRef.newBuilder().setName(name).build();
	}

}
