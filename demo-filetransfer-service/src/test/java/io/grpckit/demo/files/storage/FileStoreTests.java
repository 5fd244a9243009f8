package io.grpckit.demo.files.storage;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.grpckit.demo.files.storage.StorageException.Kind;
import io.grpckit.demo.files.storage.StorageTestSupport.MutableClock;

import static io.grpckit.demo.files.storage.StorageTestSupport.buffer;
import static io.grpckit.demo.files.storage.StorageTestSupport.bytes;
import static io.grpckit.demo.files.storage.StorageTestSupport.filesUnder;
import static io.grpckit.demo.files.storage.StorageTestSupport.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class FileStoreTests {

	@TempDir
	Path root;

	@TempDir
	Path outside;

	private final MutableClock clock = new MutableClock();

	private FileStore store;

	@BeforeEach
	void openStore() {
		this.store = open(1024 * 1024);
	}

	private FileStore open(long maxSize) {
		return FileStore.open(this.root, maxSize, Duration.ofHours(24), this.clock);
	}

	private StoredFile put(String name, byte[] content) {
		Upload upload = this.store.startUpload(name, OptionalLong.of(content.length), sha256(content));
		upload.write(buffer(content, 0, content.length));
		return upload.commit();
	}

	private byte[] read(String name, long offset, int chunkSize) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (DownloadSource source = this.store.download(name, offset, chunkSize)) {
			long expected = offset;
			while (source.hasNext()) {
				DownloadSource.Chunk chunk = source.next();
				assertThat(chunk.offset()).isEqualTo(expected);
				assertThat(chunk.content().length).isBetween(1, chunkSize);
				expected += chunk.content().length;
				out.writeBytes(chunk.content());
			}
		}
		return out.toByteArray();
	}

	private static void assertKind(Kind kind, Runnable action) {
		assertThatExceptionOfType(StorageException.class).isThrownBy(action::run)
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(kind));
	}

	/** Files visible under the root, staging area excluded. */
	private List<String> visible() {
		return filesUnder(this.root).stream().filter((name) -> !name.startsWith(".grpckit/")).toList();
	}

	/** Temporary and partial data (not the digest cache). */
	private List<String> staged() {
		return filesUnder(this.root.resolve(".grpckit")).stream().filter((name) -> !name.startsWith("digests/")).toList();
	}

	@Test
	void uploadStoresFileWithComputedDigestAndCreatesDirectories() {
		byte[] content = bytes(5000, 1);
		StoredFile file = put("a/b/c.bin", content);
		assertThat(file.name()).isEqualTo("a/b/c.bin");
		assertThat(file.size()).isEqualTo(5000);
		assertThat(file.sha256()).isEqualTo(sha256(content));
		assertThat(file.modifiedMillis()).isPositive();
		assertThat(this.store.stat("a/b/c.bin")).isEqualTo(file);
		assertThat(read("a/b/c.bin", 0, 1024)).isEqualTo(content);
		assertThat(staged()).isEmpty();
	}

	@Test
	void undeclaredSizeAndDigestAreComputed() {
		Upload upload = this.store.startUpload("x", OptionalLong.empty(), "");
		upload.write(buffer(new byte[0], 0, 0));
		upload.write(buffer(new byte[] { 1, 2, 3 }, 0, 3));
		assertThat(upload.commit().sha256()).isEqualTo(sha256(new byte[] { 1, 2, 3 }));
	}

	@Test
	void statFallsBackToComputingDigestWithoutAttribute() throws Exception {
		Files.write(this.root.resolve("plain"), new byte[] { 9, 9 });
		assertThat(this.store.stat("plain").sha256()).isEqualTo(sha256(new byte[] { 9, 9 }));
	}

	@Test
	void reuploadReplacesAtomicallyAndOpenDownloadKeepsOldVersion() {
		byte[] first = bytes(4096, 1);
		byte[] second = bytes(3000, 2);
		put("f", first);
		DownloadSource source = this.store.download("f", 0, 1024);
		DownloadSource.Chunk chunk = source.next();
		put("f", second);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(chunk.content());
		while (source.hasNext()) {
			out.writeBytes(source.next().content());
		}
		source.close();
		assertThat(out.toByteArray()).isEqualTo(first);
		assertThat(read("f", 0, 1024)).isEqualTo(second);
		assertThat(this.store.stat("f").sha256()).isEqualTo(sha256(second));
	}

	@Test
	void downloadHonoursOffsetAndChunkSize() {
		byte[] content = bytes(10_000, 3);
		put("f", content);
		assertThat(read("f", 1234, 1000)).isEqualTo(java.util.Arrays.copyOfRange(content, 1234, 10_000));
		assertThat(read("f", 10_000, 1024)).isEmpty();
		assertKind(Kind.OUT_OF_RANGE, () -> this.store.download("f", 10_001, 1024));
		assertKind(Kind.OUT_OF_RANGE, () -> this.store.download("f", -1, 1024));
		assertKind(Kind.NOT_FOUND, () -> this.store.download("missing", 0, 1024));
	}

	@Test
	void digestMismatchLeavesNothingAndKeepsOldVersion() {
		byte[] old = bytes(100, 1);
		put("f", old);
		byte[] content = bytes(100, 2);
		Upload upload = this.store.startUpload("f", OptionalLong.of(100), sha256(old));
		upload.write(buffer(content, 0, 100));
		assertKind(Kind.DATA_LOSS, upload::commit);
		assertThat(read("f", 0, 1024)).isEqualTo(old);
		assertThat(staged()).isEmpty();
	}

	@Test
	void sizeMismatchLeavesNothing() {
		Upload shortUpload = this.store.startUpload("f", OptionalLong.of(10), "");
		shortUpload.write(buffer(new byte[5], 0, 5));
		assertKind(Kind.DATA_LOSS, shortUpload::commit);
		Upload longUpload = this.store.startUpload("g", OptionalLong.of(10), "");
		assertKind(Kind.DATA_LOSS, () -> longUpload.write(buffer(new byte[11], 0, 11)));
		assertThat(visible()).isEmpty();
		assertThat(staged()).isEmpty();
	}

	@Test
	void abortIsIdempotentAndRemovesTempFile() {
		put("f", new byte[] { 1 });
		Upload upload = this.store.startUpload("f", OptionalLong.empty(), "");
		upload.write(buffer(new byte[50], 0, 50));
		assertThat(staged()).hasSize(1);
		upload.abort();
		upload.abort();
		upload.close();
		assertThat(staged()).isEmpty();
		assertThat(read("f", 0, 1024)).containsExactly(1);
	}

	@Test
	void sizeLimitIsInclusive() {
		FileStore small = open(100);
		Upload exact = small.startUpload("exact", OptionalLong.empty(), "");
		exact.write(buffer(new byte[100], 0, 100));
		assertThat(exact.commit().size()).isEqualTo(100);
		assertKind(Kind.TOO_LARGE, () -> small.startUpload("declared", OptionalLong.of(101), ""));
		Upload over = small.startUpload("over", OptionalLong.empty(), "");
		over.write(buffer(new byte[60], 0, 60));
		assertKind(Kind.TOO_LARGE, () -> over.write(buffer(new byte[41], 0, 41)));
		assertThat(visible()).containsExactly("exact");
		assertThat(staged()).isEmpty();
	}

	@Test
	void declaredMetadataIsChecked() {
		assertKind(Kind.INVALID, () -> this.store.startUpload("f", OptionalLong.of(-1), ""));
		assertKind(Kind.INVALID, () -> this.store.startUpload("f", OptionalLong.empty(), "ABC"));
		assertKind(Kind.INVALID, () -> this.store.startUpload("f", OptionalLong.empty(), "A".repeat(64)));
		assertKind(Kind.INVALID, () -> this.store.startResumable("f", -1, ""));
		assertKind(Kind.INVALID, () -> this.store.startUpload("../f", OptionalLong.empty(), ""));
	}

	@Test
	void directoriesAndFilesInThePath() throws Exception {
		put("dir/f", new byte[] { 1 });
		assertKind(Kind.NOT_FOUND, () -> this.store.stat("dir"));
		assertKind(Kind.NOT_FOUND, () -> this.store.download("dir", 0, 1024));
		assertKind(Kind.NOT_FOUND, () -> this.store.delete("dir"));
		assertKind(Kind.PRECONDITION, () -> this.store.startUpload("dir", OptionalLong.empty(), ""));
		assertKind(Kind.PRECONDITION, () -> this.store.startUpload("dir/f/g", OptionalLong.empty(), ""));
		assertKind(Kind.PRECONDITION, () -> this.store.startResumable("dir/f/g", 1, ""));
		assertKind(Kind.NOT_FOUND, () -> this.store.stat("dir/f/g"));
	}

	@Test
	void symbolicLinksAreNeverFollowed() throws Exception {
		Files.write(this.outside.resolve("secret"), new byte[] { 7 });
		Files.createSymbolicLink(this.root.resolve("out"), this.outside);
		Files.createSymbolicLink(this.root.resolve("secretlink"), this.outside.resolve("secret"));
		Files.createDirectories(this.root.resolve("d"));
		Files.createSymbolicLink(this.root.resolve("d/up"), Path.of(".."));
		Files.createSymbolicLink(this.root.resolve("d/upup"), Path.of("../.."));
		Files.createSymbolicLink(this.root.resolve("staging"), Path.of(".grpckit"));
		Files.createSymbolicLink(this.root.resolve("self"), Path.of("."));
		Files.createSymbolicLink(this.root.resolve("loop"), Path.of("loop"));
		Files.createSymbolicLink(this.root.resolve("ping"), Path.of("pong"));
		Files.createSymbolicLink(this.root.resolve("pong"), Path.of("ping"));
		put("inside", new byte[] { 5 });
		Files.createSymbolicLink(this.root.resolve("alias"), Path.of("inside"));
		// another client's unfinished upload, and where it lies through a link to the root
		ResumableUpload part = this.store.startResumable("victim", 4, "");
		part.write(buffer(new byte[] { 1, 2, 3 }, 0, 3));
		part.sync();
		String partial = "self/.grpckit/partial/" + Staging.key(FileName.of("victim")) + "/data";
		for (String name : List.of("out/secret", "out/missing", "secretlink", "d/upup/x", "staging/tmp", "d/up/inside",
				"self/inside", "alias", partial, "loop", "loop/x", "ping/x")) {
			assertKind(Kind.INVALID, () -> this.store.stat(name));
			assertKind(Kind.INVALID, () -> this.store.download(name, 0, 1024));
			assertKind(Kind.INVALID, () -> this.store.delete(name));
			assertKind(Kind.INVALID, () -> this.store.startUpload(name, OptionalLong.empty(), ""));
			assertKind(Kind.INVALID, () -> this.store.startResumable(name, 1, ""));
		}
		assertThatExceptionOfType(StorageException.class).isThrownBy(() -> this.store.stat(partial))
			.withMessage("name: '" + partial + "' ('self' is a symbolic link; the store does not follow links)");
		assertThat(filesUnder(this.outside)).containsExactly("secret");
		assertThat(Files.readAllBytes(this.outside.resolve("secret"))).containsExactly(7);
		assertThat(this.store.list("", 100, "").files()).extracting(StoredFile::name).containsExactly("inside");
		part.close();
		assertThat(this.store.startResumable("victim", 4, "").committedOffset()).isEqualTo(3);
	}

	@Test
	void failedUploadsLeaveNoDirectories() {
		Upload mismatch = this.store.startUpload("a/b/c/f", OptionalLong.of(1), sha256(new byte[] { 1 }));
		mismatch.write(buffer(new byte[] { 2 }, 0, 1));
		assertKind(Kind.DATA_LOSS, mismatch::commit);
		this.store.startUpload("x/y/z", OptionalLong.empty(), "").abort();
		ResumableUpload resumable = this.store.startResumable("r/s/t", 1, "");
		resumable.discard();
		assertThat(this.root.toFile().list()).containsExactly(".grpckit");
		assertThat(staged()).isEmpty();
	}

	@Test
	void deepNewPathsAreCreatedOnTheFirstTry() {
		String deep = String.join("/", java.util.Collections.nCopies(100, "d")) + "/f";
		StoredFile file = put(deep, new byte[] { 3 });
		assertThat(file.name()).isEqualTo(deep);
		assertThat(read(deep, 0, 1024)).containsExactly(3);
		ResumableUpload resumable = this.store.startResumable(deep.replace("/f", "/g"), 1, "");
		resumable.write(buffer(new byte[] { 4 }, 0, 1));
		assertThat(resumable.complete().size()).isEqualTo(1);
	}

	@Test
	void statAndListReadEachFileOnceForItsDigest() throws Exception {
		put("uploaded/with", new byte[] { 1, 2 });
		Upload upload = this.store.startUpload("uploaded/without", OptionalLong.empty(), "");
		upload.write(buffer(new byte[] { 3, 4 }, 0, 2));
		upload.commit();
		Path plain = this.root.resolve("plain");
		Files.write(plain, new byte[] { 9, 9 });
		for (int i = 0; i < 3; i++) {
			assertThat(this.store.stat("uploaded/without").sha256()).isEqualTo(sha256(new byte[] { 3, 4 }));
			assertThat(this.store.stat("plain").sha256()).isEqualTo(sha256(new byte[] { 9, 9 }));
			assertThat(this.store.list("", 10, "").files()).hasSize(3);
		}
		// uploads record what they computed while writing; a file put there by hand is read once
		assertThat(this.store.digestsComputed()).isOne();
		// a changed file is read again, once
		Files.write(plain, new byte[] { 8, 8, 8 });
		assertThat(this.store.stat("plain").sha256()).isEqualTo(sha256(new byte[] { 8, 8, 8 }));
		assertThat(this.store.list("", 10, "").files()).hasSize(3);
		assertThat(this.store.digestsComputed()).isEqualTo(2);
	}

	@Test
	void digestIsKeptWhileSizeModificationTimeAndInodeStay() throws Exception {
		Path plain = this.root.resolve("plain");
		Files.write(plain, new byte[] { 1, 1 });
		FileTime modified = Files.getLastModifiedTime(plain);
		assertThat(this.store.stat("plain").sha256()).isEqualTo(sha256(new byte[] { 1, 1 }));
		// rewritten in place with the same size and the time set back: the cache cannot tell, so
		// Stat answers from it (proof that it did not read the file again)
		try (FileChannel channel = FileChannel.open(plain, StandardOpenOption.WRITE)) {
			channel.write(ByteBuffer.wrap(new byte[] { 2, 2 }));
		}
		Files.setLastModifiedTime(plain, modified);
		assertThat(this.store.stat("plain").sha256()).isEqualTo(sha256(new byte[] { 1, 1 }));
		assertThat(this.store.list("", 10, "").files().get(0).sha256()).isEqualTo(sha256(new byte[] { 1, 1 }));
		// a new modification time invalidates it
		Files.setLastModifiedTime(plain, FileTime.fromMillis(modified.toMillis() + 1000));
		assertThat(this.store.stat("plain").sha256()).isEqualTo(sha256(new byte[] { 2, 2 }));
	}

	@Test
	void deleteRemovesFileAndMissingIsNotFound() {
		put("f", new byte[] { 1 });
		this.store.delete("f");
		assertKind(Kind.NOT_FOUND, () -> this.store.delete("f"));
		assertKind(Kind.NOT_FOUND, () -> this.store.stat("f"));
	}

	@Test
	void concurrentUploadsOfOneNameLeaveOneCompleteVersion() throws Exception {
		int uploads = 6;
		List<byte[]> contents = new ArrayList<>();
		for (int i = 0; i < uploads; i++) {
			contents.add(bytes(200_000 + i, i));
		}
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService executor = Executors.newFixedThreadPool(uploads);
		try {
			List<Future<StoredFile>> results = new ArrayList<>();
			for (byte[] content : contents) {
				Callable<StoredFile> task = () -> {
					Upload upload = this.store.startUpload("same", OptionalLong.of(content.length), sha256(content));
					start.await();
					for (int from = 0; from < content.length; from += 8192) {
						upload.write(buffer(content, from, Math.min(content.length, from + 8192)));
					}
					return upload.commit();
				};
				results.add(executor.submit(task));
			}
			start.countDown();
			for (Future<StoredFile> result : results) {
				assertThat(result.get().name()).isEqualTo("same");
			}
		}
		finally {
			executor.shutdownNow();
		}
		byte[] stored = read("same", 0, 65536);
		assertThat(contents).anySatisfy((content) -> assertThat(stored).isEqualTo(content));
		assertThat(this.store.stat("same").sha256()).isEqualTo(sha256(stored));
		assertThat(staged()).isEmpty();
	}

	@Test
	void staleTempFilesAreRemovedAtStartUp() {
		Upload upload = this.store.startUpload("f", OptionalLong.empty(), "");
		upload.write(buffer(new byte[10], 0, 10));
		assertThat(staged()).hasSize(1);
		open(1024);
		assertThat(staged()).isEmpty();
		assertThat(visible()).isEmpty();
	}

}
