package io.grpckit.benchmarks.services;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.grpckit.demo.files.proto.DownloadRequest;
import io.grpckit.demo.files.proto.FileChunk;
import io.grpckit.demo.files.proto.FileInfo;
import io.grpckit.demo.files.proto.FileMetadata;
import io.grpckit.demo.files.proto.FileTransferGrpc;
import io.grpckit.demo.files.proto.UploadReply;
import io.grpckit.demo.files.proto.UploadRequest;

/**
 * The least code that does what the demo's contract promises for {@code Upload} and
 * {@code Download}, for the floor of the comparison: an upload goes to a temporary file,
 * is checked against the declared size and SHA-256, fsync'ed once and renamed over the
 * name (as the demo does); a download reads chunks while the call is ready. No name rules
 * beyond staying inside the root, no resumable uploads; the other methods are UNIMPLEMENTED.
 */
public class MinimalFileTransfer extends FileTransferGrpc.FileTransferImplBase {

	private static final int DEFAULT_CHUNK = 1024 * 1024;

	private final Path root;

	private final Path staging;

	public MinimalFileTransfer(Path root) {
		try {
			this.root = Files.createDirectories(root).toRealPath();
			this.staging = Files.createDirectories(this.root.resolve(".staging"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public StreamObserver<UploadRequest> upload(StreamObserver<UploadReply> responses) {
		return new Receiver(responses);
	}

	@Override
	public void download(DownloadRequest request, StreamObserver<FileChunk> responses) {
		ServerCallStreamObserver<FileChunk> observer = (ServerCallStreamObserver<FileChunk>) responses;
		Path path = resolve(request.getName());
		FileChannel file;
		try {
			file = FileChannel.open(path, StandardOpenOption.READ);
		}
		catch (NoSuchFileException ex) {
			responses.onError(Status.NOT_FOUND.withDescription("name: '" + request.getName() + "' (no such file)")
				.asRuntimeException());
			return;
		}
		catch (IOException ex) {
			responses.onError(Status.INTERNAL.withDescription("cannot open").asRuntimeException());
			return;
		}
		int chunkSize = (request.getChunkSize() > 0) ? request.getChunkSize() : DEFAULT_CHUNK;
		ByteBuffer buffer = ByteBuffer.allocate(chunkSize);
		observer.setOnCancelHandler(() -> closeQuietly(file));
		observer.setOnReadyHandler(new Runnable() {

			private long offset = request.getOffset();

			private boolean done;

			@Override
			public void run() {
				try {
					while (!this.done && observer.isReady()) {
						buffer.clear();
						int read = file.read(buffer, this.offset);
						if (read < 0) {
							this.done = true;
							closeQuietly(file);
							observer.onCompleted();
							return;
						}
						buffer.flip();
						observer.onNext(FileChunk.newBuilder()
							.setContent(ByteString.copyFrom(buffer))
							.setOffset(this.offset)
							.build());
						this.offset += read;
					}
				}
				catch (IOException ex) {
					this.done = true;
					closeQuietly(file);
					observer.onError(Status.INTERNAL.withDescription("read failed").asRuntimeException());
				}
			}

		});
	}

	private Path resolve(String name) {
		Path path = this.root.resolve(name).normalize();
		if (name.isEmpty() || !path.startsWith(this.root) || path.startsWith(this.staging)) {
			throw Status.INVALID_ARGUMENT.withDescription("name: '" + name + "'").asRuntimeException();
		}
		return path;
	}

	private static void closeQuietly(FileChannel file) {
		try {
			file.close();
		}
		catch (IOException ex) {
			// nothing left to do for a read-only channel
		}
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** One upload: written and digested inside onNext, so gRPC asks for more only when it is on disk. */
	private final class Receiver implements StreamObserver<UploadRequest> {

		private final StreamObserver<UploadReply> responses;

		private final MessageDigest digest = sha256();

		private FileMetadata metadata;

		private Path target;

		private Path temp;

		private FileChannel out;

		private long size;

		private boolean ended;

		Receiver(StreamObserver<UploadReply> responses) {
			this.responses = responses;
		}

		@Override
		public void onNext(UploadRequest request) {
			if (this.ended) {
				return;
			}
			try {
				if (this.metadata == null) {
					if (!request.hasMetadata()) {
						fail(Status.INVALID_ARGUMENT.withDescription("first message: chunk (expected: metadata)"));
						return;
					}
					this.metadata = request.getMetadata();
					this.target = resolve(this.metadata.getName());
					this.temp = Files.createTempFile(MinimalFileTransfer.this.staging, "upload", ".part");
					this.out = FileChannel.open(this.temp, StandardOpenOption.WRITE);
					return;
				}
				ByteBuffer chunk = request.getChunk().asReadOnlyByteBuffer();
				this.digest.update(chunk.duplicate());
				while (chunk.hasRemaining()) {
					this.out.write(chunk);
				}
				this.size += request.getChunk().size();
			}
			catch (IOException ex) {
				fail(Status.INTERNAL.withDescription("write failed"));
			}
			catch (RuntimeException ex) {
				fail(Status.fromThrowable(ex));
			}
		}

		@Override
		public void onError(Throwable t) {
			cleanUp();
		}

		@Override
		public void onCompleted() {
			if (this.ended) {
				return;
			}
			if (this.metadata == null) {
				fail(Status.INVALID_ARGUMENT.withDescription("metadata: missing"));
				return;
			}
			String sha256 = HexFormat.of().formatHex(this.digest.digest());
			if (this.metadata.hasSize() && this.metadata.getSize() != this.size) {
				fail(Status.DATA_LOSS
					.withDescription("size: " + this.size + " received (expected: " + this.metadata.getSize() + ")"));
				return;
			}
			if (!this.metadata.getSha256().isEmpty() && !this.metadata.getSha256().equals(sha256)) {
				fail(Status.DATA_LOSS
					.withDescription("sha256: " + sha256 + " received (expected: " + this.metadata.getSha256() + ")"));
				return;
			}
			try {
				this.out.force(true);
				this.out.close();
				Files.createDirectories(this.target.getParent());
				Files.move(this.temp, this.target, StandardCopyOption.ATOMIC_MOVE,
						StandardCopyOption.REPLACE_EXISTING);
				this.ended = true;
				this.responses.onNext(UploadReply.newBuilder()
					.setFile(FileInfo.newBuilder()
						.setName(this.metadata.getName())
						.setSize(this.size)
						.setSha256(sha256)
						.setModifiedUnixMs(Files.getLastModifiedTime(this.target).toMillis()))
					.build());
				this.responses.onCompleted();
			}
			catch (IOException ex) {
				fail(Status.INTERNAL.withDescription("publish failed"));
			}
		}

		private void fail(Status status) {
			this.ended = true;
			cleanUp();
			this.responses.onError(status.asRuntimeException());
		}

		private void cleanUp() {
			try {
				if (this.out != null) {
					this.out.close();
				}
				if (this.temp != null) {
					Files.deleteIfExists(this.temp);
				}
			}
			catch (IOException ex) {
				// best effort: a leftover temporary file does not change any result
			}
		}

	}

}
