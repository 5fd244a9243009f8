package io.grpckit.demo.files;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.grpckit.demo.files.proto.DownloadRequest;
import io.grpckit.demo.files.proto.FileChunk;
import io.grpckit.demo.files.proto.FileMetadata;
import io.grpckit.demo.files.proto.FileTransferGrpc;
import io.grpckit.demo.files.proto.UploadReply;
import io.grpckit.demo.files.proto.UploadRequest;
import io.grpckit.demo.files.storage.FileStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Starts the demo application as it ships (the starter's Netty server on a loopback port, every
 * global interceptor, health and reflection) with its store in a fresh temporary directory, one
 * application per test, and offers plain client helpers. No mocks anywhere.
 */
abstract class FileTransferTestSupport {

	static final Metadata.Key<byte[]> STATUS_DETAILS = Metadata.Key.of("grpc-status-details-bin",
			Metadata.BINARY_BYTE_MARSHALLER);

	static final int MIB = 1024 * 1024;

	@TempDir
	Path root;

	FileStore store;

	ConfigurableApplicationContext context;

	ManagedChannel channel;

	FileTransferGrpc.FileTransferStub async;

	FileTransferGrpc.FileTransferBlockingStub blocking;

	/** Size limit of the store under test. */
	long maxSize() {
		return 64L * MIB;
	}

	/** More settings of the application under test, as {@code --name=value} arguments. */
	List<String> settings() {
		return List.of();
	}

	@BeforeEach
	void startServer() {
		SpringApplication application = new SpringApplication(FileTransferApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setBannerMode(Banner.Mode.OFF);
		List<String> arguments = new java.util.ArrayList<>(List.of("--grpckit.server.port=0",
				"--grpckit.server.address=127.0.0.1", "--grpckit.server.shutdown.quiet-period=0s",
				"--grpckit.server.shutdown.grace-period=1s", "--grpckit.demo.files.root=" + this.root,
				"--grpckit.demo.files.max-size=" + maxSize()));
		arguments.addAll(settings());
		this.context = application.run(arguments.toArray(String[]::new));
		this.store = this.context.getBean(FileStore.class);
		int port = this.context.getEnvironment().getRequiredProperty("local.grpckit.server.port", Integer.class);
		this.channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
		this.async = FileTransferGrpc.newStub(this.channel);
		this.blocking = FileTransferGrpc.newBlockingStub(this.channel);
	}

	@AfterEach
	void stopServer() throws InterruptedException {
		this.channel.shutdownNow();
		this.channel.awaitTermination(10, TimeUnit.SECONDS);
		this.context.close();
	}

	static byte[] bytes(int length, long seed) {
		byte[] bytes = new byte[length];
		new Random(seed).nextBytes(bytes);
		return bytes;
	}

	static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static UploadRequest metadata(String name, Long size, String sha256) {
		FileMetadata.Builder metadata = FileMetadata.newBuilder().setName(name).setSha256(sha256);
		if (size != null) {
			metadata.setSize(size);
		}
		return UploadRequest.newBuilder().setMetadata(metadata).build();
	}

	static UploadRequest chunk(byte[] content, int from, int to) {
		return UploadRequest.newBuilder().setChunk(ByteString.copyFrom(content, from, to - from)).build();
	}

	static Stream<UploadRequest> chunks(byte[] content, int chunkSize) {
		return Stream.iterate(0, (from) -> from < content.length, (from) -> from + chunkSize)
			.map((from) -> chunk(content, from, Math.min(content.length, from + chunkSize)));
	}

	/** A unary-style result of a client-streaming call. */
	static final class Reply<T> extends CompletableFuture<T> implements StreamObserver<T> {

		private T value;

		@Override
		public void onNext(T value) {
			this.value = value;
		}

		@Override
		public void onError(Throwable error) {
			completeExceptionally(error);
		}

		@Override
		public void onCompleted() {
			complete(this.value);
		}

		T await() {
			try {
				return get(30, TimeUnit.SECONDS);
			}
			catch (java.util.concurrent.ExecutionException ex) {
				throw (StatusRuntimeException) ex.getCause();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

	/** Send the messages, half-close, and wait for the outcome. */
	UploadReply upload(List<UploadRequest> messages) {
		Reply<UploadReply> reply = new Reply<>();
		StreamObserver<UploadRequest> requests = this.async.upload(reply);
		messages.forEach(requests::onNext);
		requests.onCompleted();
		return reply.await();
	}

	UploadReply upload(String name, byte[] content) {
		List<UploadRequest> messages = Stream.concat(Stream.of(metadata(name, (long) content.length, sha256(content))),
				chunks(content, 64 * 1024)).toList();
		return upload(messages);
	}

	byte[] download(String name, long offset, int chunkSize) {
		Iterator<FileChunk> chunks = this.blocking.download(
				DownloadRequest.newBuilder().setName(name).setOffset(offset).setChunkSize(chunkSize).build());
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int limit = (chunkSize != 0) ? chunkSize : MIB;
		long expected = offset;
		while (chunks.hasNext()) {
			FileChunk chunk = chunks.next();
			assertThat(chunk.getOffset()).isEqualTo(expected);
			assertThat(chunk.getContent().size()).isBetween(1, limit);
			expected += chunk.getContent().size();
			out.writeBytes(chunk.getContent().toByteArray());
		}
		return out.toByteArray();
	}

	/**
	 * The one detail of the type in the failure's {@code grpc-status-details-bin} trailer, decoded
	 * from the bytes as sent: a {@code google.rpc.Status} of the failure's code and description.
	 */
	static <T extends Message> T detail(StatusRuntimeException failure, Class<T> type) {
		byte[] bytes = (failure.getTrailers() != null) ? failure.getTrailers().get(STATUS_DETAILS) : null;
		assertThat(bytes).as("grpc-status-details-bin of %s", failure.getStatus()).isNotNull();
		try {
			com.google.rpc.Status details = com.google.rpc.Status.parseFrom(bytes);
			assertThat(details.getCode()).isEqualTo(failure.getStatus().getCode().value());
			assertThat(details.getMessage()).isEqualTo(failure.getStatus().getDescription());
			assertThat(details.getDetailsList()).singleElement()
				.satisfies((any) -> assertThat(any.is(type)).as(any.getTypeUrl()).isTrue());
			return details.getDetails(0).unpack(type);
		}
		catch (InvalidProtocolBufferException ex) {
			throw new AssertionError("grpc-status-details-bin does not parse", ex);
		}
	}

	static void assertStatus(Status.Code code, String descriptionPart, Runnable call) {
		StatusRuntimeException ex = catchThrowableOfType(StatusRuntimeException.class, call::run);
		assertThat(ex).as("expected %s", code).isNotNull();
		assertThat(ex.getStatus().getCode()).as(String.valueOf(ex.getStatus())).isEqualTo(code);
		assertThat(ex.getStatus().getDescription()).contains(descriptionPart);
	}

	/** Regular files in the staging area: temporary and partial data (not the digest cache). */
	List<String> staged() {
		return filesUnder(this.root.resolve(".grpckit")).stream().filter((name) -> !name.startsWith("digests/")).toList();
	}

	/** Regular files outside the staging area. */
	List<String> visible() {
		return filesUnder(this.root).stream().filter((name) -> !name.startsWith(".grpckit/")).toList();
	}

	static List<String> filesUnder(Path directory) {
		try (Stream<Path> files = Files.walk(directory)) {
			return files.filter(Files::isRegularFile).map((file) -> directory.relativize(file).toString()).sorted().toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
