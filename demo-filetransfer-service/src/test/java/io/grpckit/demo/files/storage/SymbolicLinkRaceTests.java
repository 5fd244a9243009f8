package io.grpckit.demo.files.storage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.grpckit.demo.files.storage.StorageTestSupport.MutableClock;

import static io.grpckit.demo.files.storage.StorageTestSupport.buffer;
import static io.grpckit.demo.files.storage.StorageTestSupport.bytes;
import static io.grpckit.demo.files.storage.StorageTestSupport.filesUnder;
import static io.grpckit.demo.files.storage.StorageTestSupport.sha256;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A directory of the tree swapped, again and again, for a symbolic link to outside the root or
 * into the staging area while downloads, uploads, stats, lists and deletes run through it: no
 * call ever reads or writes anything outside the root, nor reaches another upload's part.
 */
class SymbolicLinkRaceTests {

	private static final int SWAPS = 400;

	@TempDir
	Path root;

	@TempDir
	Path outside;

	private final byte[] inside = bytes(20_000, 1);

	private final byte[] secret = bytes(20_000, 2);

	private final byte[] partial = bytes(20_000, 3);

	private FileStore store;

	private Path partDirectory;

	private final Queue<String> breaches = new ConcurrentLinkedQueue<>();

	private final Queue<Throwable> unexpected = new ConcurrentLinkedQueue<>();

	private final AtomicBoolean stop = new AtomicBoolean();

	@BeforeEach
	void prepare() throws IOException {
		this.store = FileStore.open(this.root, 1024 * 1024, Duration.ofHours(24), new MutableClock());
		Files.createDirectories(this.root.resolve("d"));
		Files.write(this.root.resolve("d/data"), this.inside);
		Files.write(this.outside.resolve("data"), this.secret);
		// another client's unfinished upload, kept in the staging area
		ResumableUpload part = this.store.startResumable("victim", this.partial.length + 1, "");
		part.write(buffer(this.partial, 0, this.partial.length));
		part.close();
		this.partDirectory = this.root.resolve(".grpckit/partial/" + Staging.key(FileName.of("victim")));
		assertThat(Files.readAllBytes(this.partDirectory.resolve("data"))).isEqualTo(this.partial);
	}

	@AfterEach
	void close() {
		this.store.close();
	}

	@Test
	void swappingADirectoryForALinkNeverLeadsOutOfTheRoot() throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(5);
		AtomicInteger downloads = new AtomicInteger();
		AtomicInteger uploads = new AtomicInteger();
		try {
			List<Future<?>> workers = new ArrayList<>();
			workers.add(executor.submit(() -> repeat(() -> download(downloads))));
			workers.add(executor.submit(() -> repeat(() -> download(downloads))));
			workers.add(executor.submit(() -> repeat(() -> upload(uploads))));
			workers.add(executor.submit(() -> repeat(this::statListDelete)));
			Future<?> swapper = executor.submit(() -> {
				swap();
				return null;
			});
			swapper.get(120, TimeUnit.SECONDS);
			this.stop.set(true);
			for (Future<?> worker : workers) {
				worker.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			this.stop.set(true);
			executor.shutdownNow();
		}
		assertThat(this.breaches).isEmpty();
		assertThat(this.unexpected).isEmpty();
		assertThat(filesUnder(this.outside)).containsExactly("data");
		assertThat(Files.readAllBytes(this.outside.resolve("data"))).isEqualTo(this.secret);
		assertThat(filesUnder(this.partDirectory)).containsExactly("data", "state");
		assertThat(Files.readAllBytes(this.partDirectory.resolve("data"))).isEqualTo(this.partial);
		// the calls did run while the directory was there
		assertThat(downloads).hasPositiveValue();
		assertThat(uploads).hasPositiveValue();
	}

	/** Move 'd' away, put a link in its place (to outside, or into the staging area), put 'd' back. */
	private void swap() throws IOException {
		Path d = this.root.resolve("d");
		Path away = this.root.resolve("d-away");
		for (int i = 0; i < SWAPS; i++) {
			Files.move(d, away, StandardCopyOption.ATOMIC_MOVE);
			Path target = (i % 2 == 0) ? this.outside : this.partDirectory;
			// an upload may make a new 'd' whenever it is missing: remove it and try again
			while (!attempt(() -> Files.createSymbolicLink(d, target), d)) {
				Thread.onSpinWait();
			}
			Thread.yield();
			Files.delete(d);
			while (!attempt(() -> Files.move(away, d, StandardCopyOption.ATOMIC_MOVE), d)) {
				Thread.onSpinWait();
			}
			Thread.yield();
		}
	}

	private static boolean attempt(ThrowingRunnable step, Path d) throws IOException {
		try {
			step.run();
			return true;
		}
		catch (FileSystemException ex) {
			deleteTree(d);
			return false;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void repeat(ThrowingRunnable call) {
		while (!this.stop.get()) {
			try {
				call.run();
			}
			catch (StorageException ex) {
				// refused (a link, missing, changed): what a client may see in the race
			}
			catch (Throwable ex) {
				this.unexpected.add(ex);
			}
		}
	}

	private void download(AtomicInteger count) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (DownloadSource source = this.store.download("d/data", 0, 4096)) {
			while (source.hasNext()) {
				out.writeBytes(source.next().content());
			}
		}
		byte[] read = out.toByteArray();
		if (!java.util.Arrays.equals(read, this.inside)) {
			this.breaches.add("download read " + read.length + " bytes that are not the file inside the root"
					+ (java.util.Arrays.equals(read, this.secret) ? " (the file outside)" : "")
					+ (java.util.Arrays.equals(read, this.partial) ? " (another upload's part)" : ""));
		}
		count.incrementAndGet();
	}

	private void upload(AtomicInteger count) {
		int n = count.get();
		Upload upload = this.store.startUpload("d/up-" + n, OptionalLong.empty(), "");
		upload.write(buffer(new byte[] { (byte) n }, 0, 1));
		upload.commit();
		count.incrementAndGet();
		ResumableUpload resumable = this.store.startResumable("d/res-" + n, 2, "");
		resumable.write(buffer(new byte[] { 1, 2 }, 0, 2));
		resumable.complete();
	}

	private void statListDelete() {
		StoredFile file = this.store.stat("d/data");
		if (!file.sha256().equals(sha256(this.inside))) {
			this.breaches.add("stat described another file: " + file);
		}
		for (StoredFile listed : this.store.list("d/", 1000, "").files()) {
			if (!listed.name().equals("d/data") && !listed.name().startsWith("d/up-")
					&& !listed.name().startsWith("d/res-")) {
				this.breaches.add("list showed " + listed.name());
			}
		}
		this.store.delete("d/state");
		this.breaches.add("deleted d/state");
	}

	private static void deleteTree(Path directory) throws IOException {
		if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				try {
					Files.deleteIfExists(path);
				}
				catch (FileSystemException ex) {
					// filled again by an upload meanwhile: the next swap removes it
				}
			}
		}
	}

	@FunctionalInterface
	private interface ThrowingRunnable {

		void run() throws Exception;

	}

}
