package io.grpckit.demo.files;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.IntStream;

import io.grpc.Status;
import io.grpckit.demo.files.proto.FileInfo;
import io.grpckit.demo.files.proto.FileRef;
import io.grpckit.demo.files.proto.ListReply;
import io.grpckit.demo.files.proto.ListRequest;
import io.grpckit.demo.files.storage.ResumableUpload;
import io.grpckit.demo.files.storage.Upload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stat, List and Delete (the unary calls), and the symbolic-link rule for every call.
 */
@ExtendWith(OutputCaptureExtension.class)
class CatalogIntegrationTests extends FileTransferTestSupport {

	@TempDir
	Path outside;

	private static FileRef ref(String name) {
		return FileRef.newBuilder().setName(name).build();
	}

	private ListReply list(String prefix, int pageSize, String token) {
		return this.blocking
			.list(ListRequest.newBuilder().setPrefix(prefix).setPageSize(pageSize).setPageToken(token).build());
	}

	private List<String> listAll(String prefix, int pageSize) {
		List<String> names = new ArrayList<>();
		String token = "";
		do {
			ListReply reply = list(prefix, pageSize, token);
			reply.getFilesList().forEach((file) -> names.add(file.getName()));
			token = reply.getNextPageToken();
			// the token is empty exactly when no more files follow
			assertThat(token.isEmpty()).isEqualTo(reply.getFilesCount() < pageSize
					|| names.size() == listTotal(prefix));
		}
		while (!token.isEmpty());
		return names;
	}

	private int listTotal(String prefix) {
		return list(prefix, 1000, "").getFilesCount();
	}

	/** Seed through the store: faster than uploads, and the calls under test are the reads. */
	private void seed(String name, byte[] content) {
		Upload upload = this.store.startUpload(name, OptionalLong.empty(), "");
		upload.write(ByteBuffer.wrap(content));
		upload.commit();
	}

	@Test
	void statGivesFileInfoOrNotFound() {
		byte[] content = bytes(1234, 1);
		FileInfo uploaded = upload("s/f", content).getFile();
		assertThat(this.blocking.stat(ref("s/f"))).isEqualTo(uploaded);
		assertStatus(Status.Code.NOT_FOUND, "name: 'nope' (no such file)", () -> this.blocking.stat(ref("nope")));
		assertStatus(Status.Code.NOT_FOUND, "no such file", () -> this.blocking.stat(ref("s")));
	}

	@Test
	void deleteGivesDeletedOrNotFound() {
		upload("d/f", new byte[3]);
		assertThat(this.blocking.delete(ref("d/f")).getDeleted()).isTrue();
		assertStatus(Status.Code.NOT_FOUND, "no such file", () -> this.blocking.delete(ref("d/f")));
		assertStatus(Status.Code.NOT_FOUND, "no such file", () -> this.blocking.stat(ref("d/f")));
		upload("d/g", new byte[3]);
		assertStatus(Status.Code.NOT_FOUND, "no such file", () -> this.blocking.delete(ref("d")));
	}

	@Test
	void listPagesThroughFilesInUtf8ByteOrder() {
		List<String> names = List.of("b", "a/2", "a/10", "a/1", "ab", "\uFFFD", "\uD83D\uDE00", "B", "a-b");
		names.forEach((name) -> seed(name, name.getBytes()));
		List<String> expected = List.of("B", "a-b", "a/1", "a/10", "a/2", "ab", "b", "\uFFFD", "\uD83D\uDE00");
		for (int pageSize : new int[] { 1, 2, 4, 8, 9, 10 }) {
			assertThat(listAll("", pageSize)).as("page size %d", pageSize).isEqualTo(expected);
		}
		assertThat(listAll("a/", 2)).containsExactly("a/1", "a/10", "a/2");
		assertThat(listAll("a", 2)).containsExactly("a-b", "a/1", "a/10", "a/2", "ab");
		assertThat(listAll("../", 2)).isEmpty();
		assertThat(listAll("\u0000", 2)).isEmpty();
		FileInfo first = list("B", 0, "").getFiles(0);
		assertThat(first.getSize()).isEqualTo(1);
		assertThat(first.getSha256()).isEqualTo(sha256("B".getBytes()));
	}

	@Test
	void pageSizeZeroMeansOneHundredAndLimitsAreChecked() {
		IntStream.range(0, 101).forEach((i) -> seed(String.format("n/%03d", i), new byte[1]));
		ListReply first = list("", 0, "");
		assertThat(first.getFilesCount()).isEqualTo(100);
		assertThat(first.getNextPageToken()).isNotEmpty();
		ListReply rest = list("", 1000, first.getNextPageToken());
		assertThat(rest.getFilesList()).extracting(FileInfo::getName).containsExactly("n/100");
		assertThat(rest.getNextPageToken()).isEmpty();
		assertThat(list("", 101, "").getNextPageToken()).isEmpty();
		assertStatus(Status.Code.INVALID_ARGUMENT, "page_size: 1001 (expected: 0..1000)", () -> list("", 1001, ""));
		assertStatus(Status.Code.INVALID_ARGUMENT, "page_size: -1 (expected: 0..1000)", () -> list("", -1, ""));
	}

	@Test
	void tokenIsBoundToItsPrefixAndMustBeWellFormed() {
		IntStream.range(0, 5).forEach((i) -> seed("p/" + i, new byte[1]));
		String token = list("p/", 2, "").getNextPageToken();
		assertThat(list("p/", 1, token).getFiles(0).getName()).isEqualTo("p/2");
		assertStatus(Status.Code.INVALID_ARGUMENT, "page_token: issued for another prefix",
				() -> list("q/", 2, token));
		assertStatus(Status.Code.INVALID_ARGUMENT, "page_token: issued for another prefix", () -> list("", 2, token));
		assertStatus(Status.Code.INVALID_ARGUMENT, "page_token: malformed", () -> list("p/", 2, "%%%"));
		assertStatus(Status.Code.INVALID_ARGUMENT, "page_token: malformed", () -> list("p/", 2, "AAAA"));
		assertStatus(Status.Code.INVALID_ARGUMENT, "page_token: malformed",
				() -> list("p/", 2, token.substring(0, token.length() - 3)));
	}

	@Test
	void unfinishedUploadsAreNeverListed() throws Exception {
		seed("done", new byte[1]);
		this.store.startUpload("a/temp", OptionalLong.empty(), "").write(ByteBuffer.wrap(new byte[5]));
		this.store.startResumable("a/part", 10, "").close();
		assertThat(listAll("", 10)).containsExactly("done");
		assertThat(listAll(".grpckit", 10)).isEmpty();
		assertThat(staged()).isNotEmpty();
	}

	@Test
	void namesThroughSymbolicLinksFailForEveryCallWithoutAStackTrace(CapturedOutput output) throws Exception {
		Files.write(this.outside.resolve("secret"), new byte[] { 42 });
		Files.createSymbolicLink(this.root.resolve("escape"), this.outside);
		Files.createSymbolicLink(this.root.resolve("secret"), this.outside.resolve("secret"));
		Files.createSymbolicLink(this.root.resolve("staging"), this.root.resolve(".grpckit"));
		Files.createSymbolicLink(this.root.resolve("self"), Path.of("."));
		Files.createSymbolicLink(this.root.resolve("loop"), Path.of("loop"));
		// another client's unfinished upload: its bytes must not be reachable through 'self'
		ResumableUpload part = this.store.startResumable("victim", 4, "");
		part.write(ByteBuffer.wrap(new byte[] { 1, 2, 3 }));
		part.sync();
		String key = sha256("victim".getBytes(StandardCharsets.UTF_8));
		for (String name : List.of("escape/secret", "escape/new", "secret", "staging/tmp/x", "self/secret",
				"self/.grpckit/partial/" + key + "/data", "self/.grpckit/partial/" + key + "/state", "loop", "loop/x")) {
			List<Runnable> calls = List.of(() -> this.blocking.stat(ref(name)), () -> this.blocking.delete(ref(name)),
					() -> download(name, 0, 0), () -> upload(name, new byte[] { 1 }));
			for (Runnable call : calls) {
				assertStatus(Status.Code.INVALID_ARGUMENT, "is a symbolic link; the store does not follow links", call);
			}
		}
		part.close();
		assertThat(filesUnder(this.outside)).containsExactly("secret");
		assertThat(Files.readAllBytes(this.outside.resolve("secret"))).containsExactly(42);
		assertThat(listAll("", 10)).isEmpty();
		assertThat(output).doesNotContain(" ERROR ", "Exception");
	}

}
