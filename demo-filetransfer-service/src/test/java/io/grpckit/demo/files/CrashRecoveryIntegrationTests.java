package io.grpckit.demo.files;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.grpckit.demo.files.proto.DownloadRequest;
import io.grpckit.demo.files.proto.FileChunk;
import io.grpckit.demo.files.proto.FileMetadata;
import io.grpckit.demo.files.proto.FileTransferGrpc;
import io.grpckit.demo.files.proto.ListRequest;
import io.grpckit.demo.files.proto.UploadAck;
import io.grpckit.demo.files.proto.UploadReply;
import io.grpckit.demo.files.proto.UploadRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Starts the server as a separate JVM, kills it with SIGKILL in the middle of uploads, starts
 * it again on the same root, and checks what survived.
 */
class CrashRecoveryIntegrationTests {

	private static final int MIB = 1024 * 1024;

	@TempDir
	Path root;

	private final List<Process> processes = new ArrayList<>();

	private final List<ManagedChannel> channels = new ArrayList<>();

	@AfterEach
	void cleanUp() throws InterruptedException {
		this.channels.forEach(ManagedChannel::shutdownNow);
		for (Process process : this.processes) {
			process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
	}

	/** Start a server JVM on the root and return a stub connected to it. */
	private FileTransferGrpc.FileTransferStub startServer() throws Exception {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Process process = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
				StandaloneTestServer.class.getName(), this.root.toString())
			.redirectError(ProcessBuilder.Redirect.INHERIT)
			.start();
		this.processes.add(process);
		BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
			try {
				return out.readLine();
			}
			catch (java.io.IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
		});
		String listening = line.get(60, TimeUnit.SECONDS);
		assertThat(listening).startsWith("LISTENING ");
		int port = Integer.parseInt(listening.substring("LISTENING ".length()));
		ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
		this.channels.add(channel);
		return FileTransferGrpc.newStub(channel);
	}

	private static byte[] bytes(int length, long seed) {
		byte[] bytes = new byte[length];
		new java.util.Random(seed).nextBytes(bytes);
		return bytes;
	}

	private static UploadRequest metadata(String name, long size, String sha256) {
		return UploadRequest.newBuilder()
			.setMetadata(FileMetadata.newBuilder().setName(name).setSize(size).setSha256(sha256))
			.build();
	}

	private static UploadRequest chunk(byte[] content, long from, long to) {
		return UploadRequest.newBuilder().setChunk(ByteString.copyFrom(content, (int) from, (int) (to - from))).build();
	}

	/** Collects acks of a resumable upload. */
	private static final class Acks implements StreamObserver<UploadAck> {

		final LinkedBlockingQueue<Object> events = new LinkedBlockingQueue<>();

		@Override
		public void onNext(UploadAck ack) {
			this.events.add(ack);
		}

		@Override
		public void onError(Throwable error) {
			this.events.add(error);
		}

		@Override
		public void onCompleted() {
			this.events.add("completed");
		}

		UploadAck next() throws InterruptedException {
			Object event = this.events.poll(30, TimeUnit.SECONDS);
			assertThat(event).isInstanceOf(UploadAck.class);
			return (UploadAck) event;
		}

	}

	@Test
	void sigkillMidUploadKeepsOldVersionLeavesNoVisibleGarbageAndResumes() throws Exception {
		FileTransferGrpc.FileTransferStub first = startServer();
		byte[] old = bytes(3 * MIB, 1);
		byte[] next = bytes(24 * MIB, 2);
		String nextSha = FileTransferTestSupport.sha256(next);

		FileTransferTestSupport.Reply<UploadReply> oldReply = new FileTransferTestSupport.Reply<>();
		StreamObserver<UploadRequest> oldUpload = first.upload(oldReply);
		oldUpload.onNext(metadata("f", old.length, FileTransferTestSupport.sha256(old)));
		oldUpload.onNext(chunk(old, 0, old.length));
		oldUpload.onCompleted();
		oldReply.await();

		// a one-shot upload replacing "f", left unfinished: its temporary file is on disk
		StreamObserver<UploadRequest> pending = first.upload(new FileTransferTestSupport.Reply<>());
		pending.onNext(metadata("f", next.length, nextSha));
		pending.onNext(chunk(next, 0, MIB));
		// a resumable upload of "f", with durable progress acknowledged
		Acks acks = new Acks();
		StreamObserver<UploadRequest> resumable = first.uploadResumable(acks);
		resumable.onNext(metadata("f", next.length, nextSha));
		assertThat(acks.next().getCommittedOffset()).isZero();
		for (int offset = 0; offset < 10 * MIB; offset += MIB) {
			resumable.onNext(chunk(next, offset, offset + MIB));
		}
		long acknowledged = 0;
		while (acknowledged < 8 * MIB) {
			acknowledged = acks.next().getCommittedOffset();
		}
		Path tmp = this.root.resolve(".grpckit/tmp");
		await().atMost(java.time.Duration.ofSeconds(30)).until(() -> FileTransferTestSupport.filesUnder(tmp).size() == 1);

		Process server = this.processes.get(0);
		server.destroyForcibly();
		assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(server.exitValue()).isEqualTo(137);

		FileTransferGrpc.FileTransferStub second = startServer();
		FileTransferGrpc.FileTransferBlockingStub blocking = FileTransferGrpc
			.newBlockingStub(this.channels.get(1));
		// the old version is intact, nothing unfinished is visible, stale temporary files are gone
		assertThat(download(blocking, "f")).isEqualTo(old);
		assertThat(blocking.list(ListRequest.getDefaultInstance()).getFilesList()).extracting("name")
			.containsExactly("f");
		assertThat(FileTransferTestSupport.filesUnder(tmp)).isEmpty();
		assertThat(FileTransferTestSupport.filesUnder(this.root).stream().filter((name) -> !name.startsWith(".grpckit/")))
			.containsExactly("f");

		// the resumable upload continues from at least the offset acknowledged before the kill
		Acks resumed = new Acks();
		StreamObserver<UploadRequest> again = second.uploadResumable(resumed);
		again.onNext(metadata("f", next.length, nextSha));
		long committed = resumed.next().getCommittedOffset();
		assertThat(committed).isBetween(acknowledged, 10L * MIB);
		for (long offset = committed; offset < next.length; offset += MIB) {
			again.onNext(chunk(next, offset, Math.min(next.length, offset + MIB)));
		}
		UploadAck last = resumed.next();
		while (!last.hasFile()) {
			last = resumed.next();
		}
		assertThat(last.getFile().getSha256()).isEqualTo(nextSha);
		assertThat(download(blocking, "f")).isEqualTo(next);
	}

	private static byte[] download(FileTransferGrpc.FileTransferBlockingStub blocking, String name) {
		java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
		blocking.download(DownloadRequest.newBuilder().setName(name).build())
			.forEachRemaining((FileChunk chunk) -> out.writeBytes(chunk.getContent().toByteArray()));
		return out.toByteArray();
	}

}
