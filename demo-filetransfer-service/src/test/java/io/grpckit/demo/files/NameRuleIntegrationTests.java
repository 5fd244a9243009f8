package io.grpckit.demo.files;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.grpckit.client.GrpcClient;
import io.grpckit.demo.files.FileTransferTestSupport.Reply;
import io.grpckit.demo.files.proto.DownloadRequest;
import io.grpckit.demo.files.proto.FileRef;
import io.grpckit.demo.files.proto.FileTransferGrpc;
import io.grpckit.demo.files.proto.UploadAck;
import io.grpckit.demo.files.proto.UploadReply;
import io.grpckit.demo.files.proto.UploadRequest;
import io.grpckit.test.GrpcTest;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.grpckit.demo.files.FileTransferTestSupport.assertStatus;
import static io.grpckit.demo.files.FileTransferTestSupport.chunk;
import static io.grpckit.demo.files.FileTransferTestSupport.filesUnder;
import static io.grpckit.demo.files.FileTransferTestSupport.metadata;
import static io.grpckit.demo.files.FileTransferTestSupport.sha256;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The name-rule table through the gRPC stack: every bad name is INVALID_ARGUMENT for every
 * call that takes a name, with a readable reason, and nothing is written. A
 * {@code @GrpcTest} slice (the service and its store, served in process): one context for
 * the whole table, where an application per case took a start each.
 */
@GrpcTest(FileTransferService.class)
@Import(FileTransferConfiguration.class)
class NameRuleIntegrationTests {

	@TempDir
	static Path root;

	@DynamicPropertySource
	static void storageRoot(DynamicPropertyRegistry registry) {
		registry.add("grpckit.demo.files.root", () -> root.toString());
	}

	@GrpcClient("files")
	FileTransferGrpc.FileTransferBlockingStub blocking;

	@GrpcClient("files")
	FileTransferGrpc.FileTransferStub async;

	static Stream<String> badNames() {
		// ten 100-byte segments and a 15-byte one: 1025 bytes
		String longName = String.join("/", Collections.nCopies(10, "s".repeat(100))) + "/" + "t".repeat(15);
		return Stream.of("", "../x", "/etc/passwd", "a/../../b", "a\\b", "a\u0000b", "x".repeat(256), ".", "..",
				"a//b", "a/", "a/./b", "ctl\u001F", "del\u007F", "c1\u0080", "c1\u009F", longName, ".grpckit/tmp/x");
	}

	@ParameterizedTest
	@MethodSource("badNames")
	void badNameIsInvalidForEveryCall(String name) {
		List<Runnable> calls = List.of(() -> this.blocking.stat(FileRef.newBuilder().setName(name).build()),
				() -> this.blocking.delete(FileRef.newBuilder().setName(name).build()),
				() -> this.blocking.download(DownloadRequest.newBuilder().setName(name).build()).hasNext(),
				() -> upload(name), () -> startResumable(name));
		for (Runnable call : calls) {
			assertStatus(Status.Code.INVALID_ARGUMENT, "name: '", call);
		}
		assertThat(filesUnder(root)).noneMatch((file) -> !file.startsWith(".grpckit/"));
	}

	private void upload(String name) {
		Reply<UploadReply> reply = new Reply<>();
		StreamObserver<UploadRequest> requests = this.async.upload(reply);
		requests.onNext(metadata(name, 1L, sha256(new byte[] { 1 })));
		requests.onNext(chunk(new byte[] { 1 }, 0, 1));
		requests.onCompleted();
		reply.await();
	}

	private void startResumable(String name) {
		Reply<UploadAck> reply = new Reply<>();
		this.async.uploadResumable(reply).onNext(metadata(name, 1L, ""));
		reply.await();
	}

}
