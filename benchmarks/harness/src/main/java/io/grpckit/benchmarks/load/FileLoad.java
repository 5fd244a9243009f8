package io.grpckit.benchmarks.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpckit.demo.files.proto.DownloadRequest;
import io.grpckit.demo.files.proto.FileChunk;
import io.grpckit.demo.files.proto.FileMetadata;
import io.grpckit.demo.files.proto.FileTransferGrpc;
import io.grpckit.demo.files.proto.UploadReply;
import io.grpckit.demo.files.proto.UploadRequest;

/**
 * Upload (client streaming, sent while the call is ready) and download (server streaming,
 * read through the blocking iterator) of one large local file, each verified by SHA-256:
 * the server checks the upload against the declared digest and the reply must repeat it;
 * the downloaded bytes are digested and compared. Downloaded bytes are not written to disk.
 */
final class FileLoad {

	private static final int CHUNK = 1024 * 1024;

	private static final String REMOTE_NAME = "bench/payload.bin";

	private final ManagedChannel channel;

	private final Path file;

	private final long size;

	private final String sha256;

	FileLoad(ManagedChannel channel, Path directory, long size) throws IOException {
		this.channel = channel;
		this.size = size;
		this.file = directory.resolve("payload-" + size + ".bin");
		Path digestFile = directory.resolve("payload-" + size + ".sha256");
		if (!Files.exists(this.file) || Files.size(this.file) != size || !Files.exists(digestFile)) {
			Files.createDirectories(directory);
			write(this.file, size);
			Files.writeString(digestFile, digest(this.file));
		}
		this.sha256 = Files.readString(digestFile).trim();
	}

	void run(boolean upload, boolean download, int warmupReps, int reps, Map<String, Double> results)
			throws Exception {
		if (upload || download) {
			// download needs the file on the server: the first upload always happens
			for (int i = 0; i < Math.max(warmupReps, 1); i++) {
				upload();
			}
		}
		if (upload) {
			List<Double> rates = new ArrayList<>();
			for (int i = 0; i < reps; i++) {
				rates.add(upload());
			}
			results.put("upload.mib_per_s", median(rates));
		}
		if (download) {
			for (int i = 0; i < warmupReps; i++) {
				download();
			}
			List<Double> rates = new ArrayList<>();
			for (int i = 0; i < reps; i++) {
				rates.add(download());
			}
			results.put("download.mib_per_s", median(rates));
		}
	}

	/** @return MiB/s */
	double upload() throws Exception {
		CompletableFuture<UploadReply> reply = new CompletableFuture<>();
		FileChannel in = FileChannel.open(this.file, StandardOpenOption.READ);
		long start = System.nanoTime();
		FileTransferGrpc.newStub(this.channel).upload(new ClientResponseObserver<UploadRequest, UploadReply>() {

			@Override
			public void beforeStart(ClientCallStreamObserver<UploadRequest> requests) {
				// the on-ready handler is serialized: the only writer of this stream
				requests.setOnReadyHandler(new Runnable() {

					private boolean metadataSent;

					private boolean done;

					private final ByteBuffer buffer = ByteBuffer.allocate(CHUNK);

					@Override
					public void run() {
						try {
							while (!this.done && requests.isReady()) {
								if (!this.metadataSent) {
									this.metadataSent = true;
									requests.onNext(UploadRequest.newBuilder()
										.setMetadata(FileMetadata.newBuilder()
											.setName(REMOTE_NAME)
											.setSize(FileLoad.this.size)
											.setSha256(FileLoad.this.sha256))
										.build());
									continue;
								}
								this.buffer.clear();
								if (in.read(this.buffer) < 0) {
									this.done = true;
									in.close();
									requests.onCompleted();
									return;
								}
								this.buffer.flip();
								requests.onNext(UploadRequest.newBuilder().setChunk(ByteString.copyFrom(this.buffer)).build());
							}
						}
						catch (IOException ex) {
							this.done = true;
							requests.onError(ex);
						}
					}

				});
			}

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
		UploadReply done = reply.get(10, TimeUnit.MINUTES);
		double seconds = (System.nanoTime() - start) / 1e9;
		in.close();
		if (done.getFile().getSize() != this.size || !done.getFile().getSha256().equals(this.sha256)) {
			throw new IllegalStateException("upload reply " + done.getFile() + " does not match the local file");
		}
		return this.size / (1024.0 * 1024.0) / seconds;
	}

	/** @return MiB/s */
	double download() {
		MessageDigest digest = sha256Digest();
		long start = System.nanoTime();
		Iterator<FileChunk> chunks = FileTransferGrpc.newBlockingStub(this.channel)
			.download(DownloadRequest.newBuilder().setName(REMOTE_NAME).setChunkSize(CHUNK).build());
		long received = 0;
		while (chunks.hasNext()) {
			FileChunk chunk = chunks.next();
			if (chunk.getOffset() != received) {
				throw new IllegalStateException("chunk at " + chunk.getOffset() + ", expected " + received);
			}
			digest.update(chunk.getContent().asReadOnlyByteBuffer());
			received += chunk.getContent().size();
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		String got = HexFormat.of().formatHex(digest.digest());
		if (received != this.size || !got.equals(this.sha256)) {
			throw new IllegalStateException("downloaded " + received + " bytes, sha256 " + got + " (expected: "
					+ this.size + " bytes, " + this.sha256 + ")");
		}
		return this.size / (1024.0 * 1024.0) / seconds;
	}

	static double median(List<Double> values) {
		List<Double> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		int n = sorted.size();
		return (n % 2 == 1) ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
	}

	private static void write(Path path, long size) throws IOException {
		SplittableRandom random = new SplittableRandom(42);
		byte[] block = new byte[CHUNK];
		try (OutputStream out = Files.newOutputStream(path)) {
			for (long written = 0; written < size; written += block.length) {
				for (int i = 0; i < block.length; i += 8) {
					long value = random.nextLong();
					for (int b = 0; b < 8; b++) {
						block[i + b] = (byte) (value >>> (8 * b));
					}
				}
				out.write(block, 0, (int) Math.min(block.length, size - written));
			}
		}
	}

	private static String digest(Path path) throws IOException {
		MessageDigest digest = sha256Digest();
		try (InputStream in = new DigestInputStream(Files.newInputStream(path), digest)) {
			in.transferTo(OutputStream.nullOutputStream());
		}
		return HexFormat.of().formatHex(digest.digest());
	}

	private static MessageDigest sha256Digest() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
