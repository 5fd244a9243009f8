package io.grpckit.demo.files;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
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
 * Starts the application (its real main, on the starter) as a separate JVM, kills it with
 * SIGKILL in the middle of uploads, starts it again on the same root, and checks what survived.
 */
class CrashRecoveryIntegrationTests {

	private static final int MIB = 1024 * 1024;

	@TempDir
	Path root;

	private final List<ServerProcess> servers = new ArrayList<>();

	@AfterEach
	void cleanUp() throws InterruptedException {
		for (ServerProcess server : this.servers) {
			server.close();
		}
	}

	/** Start the application in a JVM of its own on the root and return a channel to it. */
	private ManagedChannel startServer() throws Exception {
		ServerProcess server = ServerProcess.start(this.root, Files.createTempFile("files-server", ".log"),
				"-Xmx256m");
		this.servers.add(server);
		return server.channel();
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
		FileTransferGrpc.FileTransferStub first = FileTransferGrpc.newStub(startServer());
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

		assertThat(this.servers.get(0).kill()).isEqualTo(137);

		ManagedChannel restarted = startServer();
		FileTransferGrpc.FileTransferStub second = FileTransferGrpc.newStub(restarted);
		FileTransferGrpc.FileTransferBlockingStub blocking = FileTransferGrpc.newBlockingStub(restarted);
		// the old version is intact, nothing unfinished is visible, stale temporary files are gone
		assertThat(download(blocking, "f")).isEqualTo(old);
		assertThat(blocking.list(ListRequest.getDefaultInstance()).getFilesList()).extracting("name")
			.containsExactly("f");
		assertThat(FileTransferTestSupport.filesUnder(tmp)).isEmpty();
		assertThat(this.servers.get(1).output()).contains("removed 1 stale temporary file(s)",
				"1 partial upload(s) kept");
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
