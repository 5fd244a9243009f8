package io.grpckit.demo.files.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpckit.demo.files.proto.FileInfo;
import io.grpckit.demo.files.proto.FileMetadata;
import io.grpckit.demo.files.proto.UploadAck;
import io.grpckit.demo.files.proto.UploadRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code upload <local-file> <name>} through UploadResumable: the server's first ack says
 * where to continue, so an upload broken by a restart or a network fault resumes from the
 * server's committed offset (retrying with backoff while the server is unavailable).
 */
@Command(name = "upload", mixinStandardHelpOptions = true,
		description = "Upload a local file, resuming after interruptions.")
final class UploadCommand implements Callable<Integer> {

	private static final int CHUNK = 1024 * 1024;

	@Mixin
	Connection connection;

	@Parameters(index = "0", paramLabel = "LOCAL-FILE", description = "File to upload.")
	Path local;

	@Parameters(index = "1", paramLabel = "NAME", description = "Name on the server, '/'-separated.")
	String name;

	@Option(names = "--retries", defaultValue = "20", description = "Attempts without progress before giving up.")
	int retries;

	@Override
	public Integer call() throws Exception {
		try (Connection connection = this.connection;
				FileChannel file = FileChannel.open(this.local, StandardOpenOption.READ)) {
			long size = file.size();
			String sha256 = sha256(file, size);
			FileInfo stored;
			try (Progress progress = Progress.start("upload " + this.name, size)) {
				Backoff backoff = new Backoff(this.retries, progress::message);
				while (true) {
					try {
						stored = attempt(file, size, sha256, progress, backoff);
						break;
					}
					catch (StatusRuntimeException ex) {
						backoff.retryOrThrow(ex);
					}
				}
			}
			System.out.println(FileTransferCli.describe(stored));
		}
		return 0;
	}

	private FileInfo attempt(FileChannel file, long size, String sha256, Progress progress, Backoff backoff)
			throws IOException, InterruptedException {
		StreamingCall<UploadRequest, UploadAck> call = new StreamingCall<>();
		this.connection.async().uploadResumable(call);
		FileMetadata metadata = FileMetadata.newBuilder().setName(this.name).setSize(size).setSha256(sha256).build();
		call.send(UploadRequest.newBuilder().setMetadata(metadata).build());
		UploadAck first = expectAck(call);
		long offset = first.getCommittedOffset();
		if (offset > 0) {
			backoff.progressed();
		}
		progress.at(offset);
		UploadAck last = first;
		ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
		while (offset < size && !last.hasFile()) {
			buffer.clear();
			int read = file.read(buffer, offset);
			if (read < 0) {
				throw new IOException(this.local + " shrank while uploading");
			}
			buffer.flip();
			if (!call.send(UploadRequest.newBuilder().setChunk(ByteString.copyFrom(buffer)).build())) {
				break;
			}
			offset += read;
			progress.at(offset);
			backoff.progressed();
		}
		// the server completes the call itself once every byte arrived; the last ack has the file
		for (UploadAck ack = call.next(10, TimeUnit.MINUTES); ack != null; ack = call.next(10, TimeUnit.MINUTES)) {
			last = ack;
		}
		if (!last.hasFile()) {
			throw Status.DATA_LOSS.withDescription("server ended the upload without the file").asRuntimeException();
		}
		return last.getFile();
	}

	private static UploadAck expectAck(StreamingCall<UploadRequest, UploadAck> call) throws InterruptedException {
		UploadAck ack = call.next(60, TimeUnit.SECONDS);
		if (ack == null) {
			throw Status.INTERNAL.withDescription("server ended the call without an ack").asRuntimeException();
		}
		return ack;
	}

	static String sha256(FileChannel file, long size) throws IOException {
		MessageDigest digest;
		try {
			digest = MessageDigest.getInstance("SHA-256");
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
		ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
		long position = 0;
		while (position < size) {
			buffer.clear();
			int read = file.read(buffer, position);
			if (read < 0) {
				break;
			}
			buffer.flip();
			digest.update(buffer);
			position += read;
		}
		return HexFormat.of().formatHex(digest.digest());
	}

}
