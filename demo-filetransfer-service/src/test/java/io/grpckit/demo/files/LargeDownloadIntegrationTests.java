package io.grpckit.demo.files;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.grpc.ManagedChannel;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpckit.demo.files.proto.DownloadRequest;
import io.grpckit.demo.files.proto.FileChunk;
import io.grpckit.demo.files.proto.FileTransferGrpc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 1 GiB download from the packaged jar ({@code java -Xmx128m -jar}, so run {@code package}
 * first), read by a deliberately slow
 * client (one 1 MiB chunk every 10 ms, by manual flow control). If the server read ahead of
 * the transport it would run out of memory. Takes about a minute and 1 GiB of disk, so it runs
 * only with {@code -Dgrpckit.large-tests=true}.
 */
@EnabledIfSystemProperty(named = "grpckit.large-tests", matches = "true")
class LargeDownloadIntegrationTests {

	private static final long SIZE = 1L << 30;

	@TempDir
	Path root;

	@Test
	void oneGibibyteToASlowReaderFromA128MegabyteHeap() throws Exception {
		String expected = writeFile(this.root.resolve("big.bin"));
		Path gcLog = this.root.resolve("gc.log");
		ServerProcess server = ServerProcess.startJar(this.root, this.root.resolve("server.log"), "-Xmx128m",
				"-Xlog:gc:file=" + gcLog);
		ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
		try {
			ManagedChannel channel = server.channel();
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			AtomicLong received = new AtomicLong();
			CompletableFuture<Void> done = new CompletableFuture<>();
			long started = System.nanoTime();
			FileTransferGrpc.newStub(channel)
				.download(DownloadRequest.newBuilder().setName("big.bin").build(),
						new ClientResponseObserver<DownloadRequest, FileChunk>() {

							private ClientCallStreamObserver<DownloadRequest> call;

							@Override
							public void beforeStart(ClientCallStreamObserver<DownloadRequest> call) {
								this.call = call;
								call.disableAutoRequestWithInitial(1);
							}

							@Override
							public void onNext(FileChunk chunk) {
								digest.update(chunk.getContent().asReadOnlyByteBuffer());
								received.addAndGet(chunk.getContent().size());
								// slow on purpose: ask for the next chunk 10 ms later
								pacer.schedule(() -> this.call.request(1), 10, TimeUnit.MILLISECONDS);
							}

							@Override
							public void onError(Throwable error) {
								done.completeExceptionally(error);
							}

							@Override
							public void onCompleted() {
								done.complete(null);
							}

						});
			done.get(10, TimeUnit.MINUTES);
			System.out.printf("downloaded %d bytes in %d s, sha256 %s; server heap (-Xmx128m): at most %d MiB in use before a GC%n",
					received.get(), TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started), expected,
					peakHeapMebibytes(gcLog));
			assertThat(received.get()).isEqualTo(SIZE);
			assertThat(HexFormat.of().formatHex(digest.digest())).isEqualTo(expected);
			assertThat(server.process().isAlive()).isTrue();
		}
		finally {
			pacer.shutdownNow();
			server.close();
		}
	}

	/** The largest heap occupancy a GC found, from {@code -Xlog:gc} lines like {@code 60M->20M(128M)}. */
	private static long peakHeapMebibytes(Path gcLog) throws java.io.IOException {
		Matcher matcher = Pattern.compile("(\\d+)M->\\d+M\\(\\d+M\\)").matcher(Files.readString(gcLog));
		long peak = 0;
		while (matcher.find()) {
			peak = Math.max(peak, Long.parseLong(matcher.group(1)));
		}
		return peak;
	}

	private static String writeFile(Path file) throws Exception {
		MessageDigest digest = MessageDigest.getInstance("SHA-256");
		byte[] block = new byte[1 << 20];
		Random random = new Random(1);
		try (OutputStream out = new DigestOutputStream(Files.newOutputStream(file), digest)) {
			for (long written = 0; written < SIZE; written += block.length) {
				random.nextBytes(block);
				out.write(block);
			}
		}
		return HexFormat.of().formatHex(digest.digest());
	}

}
