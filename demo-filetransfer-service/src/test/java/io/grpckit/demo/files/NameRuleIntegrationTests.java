package io.grpckit.demo.files;

import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import io.grpc.Status;
import io.grpckit.demo.files.proto.FileRef;
import io.grpckit.demo.files.proto.UploadAck;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The name-rule table over the wire: every bad name is INVALID_ARGUMENT for every call that
 * takes a name, with a readable reason, and nothing is written.
 */
class NameRuleIntegrationTests extends FileTransferTestSupport {

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
				() -> this.blocking.delete(FileRef.newBuilder().setName(name).build()), () -> download(name, 0, 0),
				() -> upload(name, new byte[] { 1 }), () -> startResumable(name));
		for (Runnable call : calls) {
			assertStatus(Status.Code.INVALID_ARGUMENT, "name: '", call);
		}
		assertThat(visible()).isEmpty();
	}

	private void startResumable(String name) {
		Reply<UploadAck> reply = new Reply<>();
		this.async.uploadResumable(reply).onNext(metadata(name, 1L, ""));
		reply.await();
	}

}
