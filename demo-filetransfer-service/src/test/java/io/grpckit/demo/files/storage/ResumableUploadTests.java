package io.grpckit.demo.files.storage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

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

class ResumableUploadTests {

	@TempDir
	Path root;

	private final MutableClock clock = new MutableClock();

	private final byte[] content = bytes(100_000, 42);

	private FileStore open() {
		return FileStore.open(this.root, 1024 * 1024, Duration.ofHours(24), this.clock);
	}

	private ResumableUpload start(FileStore store) {
		return store.startResumable("r/file", this.content.length, sha256(this.content));
	}

	private void assertKind(Kind kind, Runnable action) {
		assertThatExceptionOfType(StorageException.class).isThrownBy(action::run)
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(kind));
	}

	@Test
	void resumesFromCommittedOffsetInNewStoreInstance() {
		ResumableUpload first = start(open());
		assertThat(first.committedOffset()).isZero();
		first.write(buffer(this.content, 0, 30_000));
		assertThat(first.sync()).isEqualTo(30_000);
		// received but never synced: not promised, so not kept
		first.write(buffer(this.content, 30_000, 35_000));
		// simulate a crash: no close(), a new store on the same root
		FileStore restarted = open();
		ResumableUpload second = start(restarted);
		assertThat(second.committedOffset()).isEqualTo(30_000);
		second.write(buffer(this.content, 30_000, this.content.length));
		assertThat(second.isComplete()).isTrue();
		StoredFile file = second.complete();
		assertThat(file.sha256()).isEqualTo(sha256(this.content));
		assertThat(restarted.stat("r/file").size()).isEqualTo(this.content.length);
		assertThat(filesUnder(this.root.resolve(".grpckit/partial"))).isEmpty();
		assertThat(filesUnder(this.root.resolve(".grpckit/tmp"))).isEmpty();
		assertThat(restarted.list("", 10, "").files()).extracting(StoredFile::name).containsExactly("r/file");
	}

	@Test
	void closeMakesReceivedBytesDurableAndKeepsThePart() {
		FileStore store = open();
		ResumableUpload upload = start(store);
		upload.write(buffer(this.content, 0, 12_345));
		upload.close();
		upload.close();
		assertThat(store.list("", 10, "").files()).isEmpty();
		assertKind(Kind.NOT_FOUND, () -> store.stat("r/file"));
		ResumableUpload resumed = start(store);
		assertThat(resumed.committedOffset()).isEqualTo(12_345);
		resumed.close();
	}

	@Test
	void differentSizeOrDigestStartsOver() {
		FileStore store = open();
		ResumableUpload upload = start(store);
		upload.write(buffer(this.content, 0, 1000));
		upload.close();
		ResumableUpload other = store.startResumable("r/file", this.content.length, "");
		assertThat(other.committedOffset()).isZero();
		other.close();
	}

	@Test
	void oneSessionPerNameAtATime() {
		FileStore store = open();
		ResumableUpload upload = start(store);
		assertKind(Kind.ABORTED, () -> start(store));
		upload.close();
		start(store).close();
	}

	@Test
	void digestMismatchDiscardsPart() {
		FileStore store = open();
		ResumableUpload upload = store.startResumable("f", 10, sha256(new byte[10]));
		upload.write(buffer(bytes(10, 1), 0, 10));
		assertKind(Kind.DATA_LOSS, upload::complete);
		assertThat(filesUnder(this.root)).isEmpty();
		assertThat(store.startResumable("f", 10, sha256(new byte[10])).committedOffset()).isZero();
	}

	@Test
	void bytesPastDeclaredSizeDiscardPart() {
		FileStore store = open();
		ResumableUpload upload = store.startResumable("f", 10, "");
		upload.write(buffer(new byte[8], 0, 8));
		upload.sync();
		assertKind(Kind.DATA_LOSS, () -> upload.write(buffer(new byte[3], 0, 3)));
		assertThat(filesUnder(this.root)).isEmpty();
	}

	@Test
	void declaredSizeOverLimitIsTooLarge() {
		assertKind(Kind.TOO_LARGE, () -> open().startResumable("f", 1024 * 1024 + 1, ""));
	}

	@Test
	void partsExpire() {
		FileStore store = open();
		ResumableUpload upload = start(store);
		upload.write(buffer(this.content, 0, 500));
		upload.close();
		this.clock.advance(Duration.ofHours(23));
		assertThat(store.expirePartials()).isZero();
		this.clock.advance(Duration.ofHours(1));
		assertThat(store.expirePartials()).isEqualTo(1);
		assertThat(start(store).committedOffset()).isZero();
	}

	@Test
	void partsPastTheQuotaAreRefusedUntilOneEndsOrExpires() {
		FileStore store = FileStore.open(this.root, 1024 * 1024, new FileStore.PartialLimits(Duration.ofHours(24), 2, 250),
				this.clock);
		store.startResumable("a", 100, "").close();
		store.startResumable("b", 100, "").close();
		// by count: a third part has no room
		assertThatExceptionOfType(StorageException.class).isThrownBy(() -> store.startResumable("c", 1, ""))
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(Kind.TOO_LARGE))
			.withMessageContaining("partial uploads: 2 kept, declaring 200 bytes; this one declares 1")
			.withMessageContaining("at most 2 parts and 250 bytes");
		// a part that is kept can always resume, even with another size (its old one is dropped)
		store.startResumable("a", 100, "").close();
		store.startResumable("a", 150, "").close();
		// by bytes: 150 + 100 declared, 1 more does not fit
		assertKind(Kind.TOO_LARGE, () -> store.startResumable("b", 101, ""));
		// a completed part frees its room
		ResumableUpload b = store.startResumable("b", 1, "");
		b.write(buffer(new byte[] { 1 }, 0, 1));
		b.complete();
		store.startResumable("c", 100, "").close();
		// expired parts are removed when room is needed, without waiting for a sweep
		this.clock.advance(Duration.ofHours(24));
		store.startResumable("d", 100, "").close();
		// only d is left: data and state
		assertThat(filesUnder(this.root.resolve(".grpckit/partial"))).hasSize(2);
	}

	@Test
	void startingASessionLooksAtItsOwnPartOnly() throws Exception {
		FileStore store = open();
		// a part the store does not know (it never made it): a session of another name must not
		// read through every part to find expired ones
		Path stranger = Files.createDirectories(this.root.resolve(".grpckit/partial/stranger"));
		new PartialState("s", 10, "", 0, 0).write(stranger);
		start(store).close();
		assertThat(stranger).isDirectory();
		// opening the store reads every part once, and removes the expired one
		open();
		assertThat(stranger).doesNotExist();
	}

	@Test
	void expiredPartsAreRemovedAtStartUp() {
		ResumableUpload upload = start(open());
		upload.write(buffer(this.content, 0, 500));
		upload.close();
		this.clock.advance(Duration.ofDays(2));
		open();
		assertThat(filesUnder(this.root)).isEmpty();
	}

	@Test
	void completeThatCannotPublishKeepsThePartAndEndsTheSession() throws Exception {
		FileStore store = open();
		ResumableUpload upload = start(store);
		upload.write(buffer(this.content, 0, this.content.length));
		// a directory appeared under the name meanwhile
		Files.createDirectories(this.root.resolve("r/file"));
		assertKind(Kind.PRECONDITION, upload::complete);
		upload.close();
		Files.delete(this.root.resolve("r/file"));
		ResumableUpload again = start(store);
		assertThat(again.committedOffset()).isEqualTo(this.content.length);
		assertThat(again.isComplete()).isTrue();
		assertThat(again.complete().sha256()).isEqualTo(sha256(this.content));
	}

	@Test
	void zeroSizeCompletesAtOnce() {
		FileStore store = open();
		ResumableUpload upload = store.startResumable("empty", 0, "");
		assertThat(upload.isComplete()).isTrue();
		assertThat(upload.complete().sha256()).isEqualTo(sha256(new byte[0]));
	}

	@Test
	void completedPartReplacesOldVersion() throws Exception {
		FileStore store = open();
		Files.createDirectories(this.root.resolve("r"));
		Files.write(this.root.resolve("r/file"), new byte[] { 1 });
		ResumableUpload upload = start(store);
		upload.write(buffer(this.content, 0, this.content.length));
		upload.complete();
		assertThat(Files.readAllBytes(this.root.resolve("r/file"))).isEqualTo(this.content);
	}

}
