package io.grpckit.demo.files.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

/**
 * The SHA-256 of stored files, kept in the staging area ({@code .grpckit/digests/<key>}) so Stat
 * and List never read a file twice. An entry holds the digest and what identified the file when
 * it was computed: size, modification time and file key (device and inode). A file replaced,
 * rewritten or touched no longer matches, and is hashed again once. Uploads record the digest
 * they computed while writing, before the file is renamed into place (a rename keeps all three).
 */
final class DigestCache {

	/** Opens the file whose digest is wanted. */
	@FunctionalInterface
	interface Opener {

		FileChannel open() throws IOException;

	}

	private final Path directory;

	private final LongAdder computed = new LongAdder();

	DigestCache(Path directory) {
		this.directory = directory;
	}

	/**
	 * Return the digest of a file described by its attributes (read without following links),
	 * from the cache when it matches them, else by reading the file and caching the result.
	 */
	String recall(FileName name, BasicFileAttributes attributes, Opener opener) throws IOException {
		Path entry = entry(name);
		String identity = identity(attributes);
		String cached = read(entry, identity);
		if (cached != null) {
			return cached;
		}
		try (FileChannel channel = opener.open()) {
			MessageDigest digest = Digests.sha256();
			Digests.update(digest, channel, attributes.size());
			this.computed.increment();
			String sha256 = Digests.hex(digest);
			write(entry, sha256, identity);
			return sha256;
		}
	}

	/**
	 * Record the digest of a file about to be published under a name.
	 */
	void remember(FileName name, BasicFileAttributes attributes, String sha256) {
		write(entry(name), sha256, identity(attributes));
	}

	void forget(FileName name) throws IOException {
		Files.deleteIfExists(entry(name));
	}

	/** How many times a file was read to compute its digest (for tests). */
	long computed() {
		return this.computed.sum();
	}

	private Path entry(FileName name) {
		return this.directory.resolve(Staging.key(name));
	}

	private static String identity(BasicFileAttributes attributes) {
		Object fileKey = attributes.fileKey();
		return attributes.size() + " " + attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS) + " "
				+ ((fileKey != null) ? fileKey.toString().replace(' ', '_') : "-");
	}

	private static @Nullable String read(Path entry, String identity) throws IOException {
		String text;
		try {
			text = Files.readString(entry, StandardCharsets.US_ASCII);
		}
		catch (NoSuchFileException ex) {
			return null;
		}
		catch (IOException ex) {
			// unreadable (say, not ASCII): compute again and overwrite it
			return null;
		}
		int space = text.indexOf(' ');
		if (space != 64 || !text.strip().substring(space + 1).equals(identity)) {
			return null;
		}
		return text.substring(0, space);
	}

	/**
	 * Write an entry by rename, so readers see the old entry or the new one. Not fsync'ed: a
	 * torn or lost entry only costs one more computation. Best effort: a cache that cannot be
	 * written is no reason to fail a call.
	 */
	private static void write(Path entry, String sha256, String identity) {
		Path temp = entry.resolveSibling(
				entry.getFileName() + "." + Long.toUnsignedString(ThreadLocalRandom.current().nextLong()) + ".tmp");
		try {
			Files.writeString(temp, sha256 + " " + identity + "\n", StandardCharsets.US_ASCII);
			Files.move(temp, entry, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			try {
				Files.deleteIfExists(temp);
			}
			catch (IOException ignored) {
				// removed at the next start
			}
		}
	}

}
