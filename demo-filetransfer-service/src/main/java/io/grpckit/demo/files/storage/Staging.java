package io.grpckit.demo.files.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The hidden area inside the storage root, {@code <root>/.grpckit}: {@code tmp/} holds the
 * temporary files of uploads in progress, {@code partial/<key>/} the data and state of
 * unfinished resumable uploads. Being on the same file system as the files, a rename from here
 * is atomic. Names cannot start with {@code .grpckit}, so no request reaches it and List skips it.
 */
final class Staging {

	private final Path base;

	private final Path tmp;

	private final Path partial;

	Staging(Path realRoot) throws IOException {
		this.base = realRoot.resolve(FileName.RESERVED);
		this.tmp = this.base.resolve("tmp");
		this.partial = this.base.resolve("partial");
		Files.createDirectories(this.tmp);
		Files.createDirectories(this.partial);
	}

	Path base() {
		return this.base;
	}

	Path partialRoot() {
		return this.partial;
	}

	Path newTempFile() throws IOException {
		return Files.createTempFile(this.tmp, "upload-", ".tmp");
	}

	/**
	 * Remove temporary files left by a previous run; they belong to uploads that can no longer
	 * complete. Only call this when no upload of this store is running.
	 */
	int removeStaleTempFiles() throws IOException {
		int removed = 0;
		try (DirectoryStream<Path> files = Files.newDirectoryStream(this.tmp)) {
			for (Path file : files) {
				if (Files.deleteIfExists(file)) {
					removed++;
				}
			}
		}
		return removed;
	}

	/**
	 * Return the directory for the partial data of a name: the hex SHA-256 of the name, which is
	 * fixed-length and safe as a single path segment whatever the name contains.
	 */
	Path partialDirectory(FileName name) {
		MessageDigest digest = Digests.sha256();
		digest.update(name.toString().getBytes(StandardCharsets.UTF_8));
		return this.partial.resolve(HexFormat.of().formatHex(digest.digest()));
	}

	/**
	 * Make the entries of a directory (creations, renames, deletions) durable.
	 */
	static void syncDirectory(Path directory) throws IOException {
		try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
			channel.force(true);
		}
	}

	static void deleteTree(Path directory) throws IOException {
		if (!Files.isDirectory(directory)) {
			return;
		}
		try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
			for (Path file : files) {
				Files.deleteIfExists(file);
			}
		}
		Files.deleteIfExists(directory);
	}

}
