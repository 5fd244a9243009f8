package io.grpckit.demo.files.storage;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The hidden area inside the storage root, {@code <root>/.grpckit}: {@code tmp/} holds the
 * temporary files of uploads in progress, {@code partial/<key>/} the data and state of
 * unfinished resumable uploads, {@code digests/} the digests of stored files. Being on the same
 * file system as the files, a rename from here is atomic. Names cannot start with
 * {@code .grpckit}, so no request reaches it and List skips it.
 * <p>
 * The area belongs to the server: it is created at start-up, and {@code tmp/} is kept open, so
 * temporary files are created ({@code O_CREAT|O_EXCL}, never through a link) and moved into
 * the tree relative to that open directory.
 */
final class Staging implements Closeable {

	/** A temporary file of this area, created and opened in one step. */
	record TempFile(Path name, FileChannel channel) {
	}

	private final Path base;

	private final Path tmp;

	private final Path partial;

	private final Path digests;

	private final SecureDirectoryStream<Path> tmpDirectory;

	Staging(Path realRoot, SecureDirectoryStream<Path> root) throws IOException {
		this.base = realRoot.resolve(FileName.RESERVED);
		this.tmp = this.base.resolve("tmp");
		this.partial = this.base.resolve("partial");
		this.digests = this.base.resolve("digests");
		Files.createDirectories(this.tmp);
		Files.createDirectories(this.partial);
		Files.createDirectories(this.digests);
		this.tmpDirectory = openTmp(root);
	}

	private SecureDirectoryStream<Path> openTmp(SecureDirectoryStream<Path> root) throws IOException {
		try (SecureDirectoryStream<Path> base = root.newDirectoryStream(Path.of(FileName.RESERVED),
				LinkOption.NOFOLLOW_LINKS)) {
			return base.newDirectoryStream(Path.of("tmp"), LinkOption.NOFOLLOW_LINKS);
		}
		catch (FileSystemException ex) {
			throw new IllegalStateException("Staging area " + this.tmp + " is not a directory (a symbolic link?): "
					+ "remove it and start again", ex);
		}
	}

	Path base() {
		return this.base;
	}

	Path partialRoot() {
		return this.partial;
	}

	Path digestRoot() {
		return this.digests;
	}

	SecureDirectoryStream<Path> tmpDirectory() {
		return this.tmpDirectory;
	}

	/**
	 * Create and open a temporary file for writing; it is owner-readable only, like the files
	 * of {@link Files#createTempFile}.
	 */
	TempFile newTempFile() throws IOException {
		while (true) {
			Path name = Path.of("upload-" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong()) + ".tmp");
			try {
				FileChannel channel = Locator.channel(this.tmpDirectory.newByteChannel(name,
						Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
						PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))));
				return new TempFile(name, channel);
			}
			catch (FileAlreadyExistsException ex) {
				// another upload drew the same name: draw again
			}
		}
	}

	void deleteTempFile(Path name) throws IOException {
		try {
			this.tmpDirectory.deleteFile(name);
		}
		catch (NoSuchFileException ex) {
			// already gone
		}
	}

	/**
	 * Make a missing directory of the tree: create it here, then move it under its name in its
	 * open parent, so no path outside the server's own area is ever created by name. Serialized,
	 * so uploads of this process never replace a directory another one has just made.
	 * @return whether the directory exists now (false: the segment changed meanwhile; look again)
	 */
	synchronized boolean makeDirectory(SecureDirectoryStream<Path> parent, Path segment) throws IOException {
		if (Locator.attributes(parent, segment) != null) {
			return false;
		}
		Path made = Files.createDirectory(
				this.tmp.resolve("dir-" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong())));
		try {
			this.tmpDirectory.move(made.getFileName(), parent, segment);
			return true;
		}
		catch (FileSystemException ex) {
			// created meanwhile outside this process, or the parent went away
			Files.deleteIfExists(made);
			return false;
		}
	}

	/**
	 * Remove temporary files and directories left by a previous run; they belong to uploads
	 * that can no longer complete. Only call this when no upload of this store is running.
	 */
	int removeStaleTempFiles() throws IOException {
		int removed = 0;
		try (DirectoryStream<Path> files = Files.newDirectoryStream(this.tmp)) {
			for (Path file : files) {
				if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
					deleteTree(file);
					removed++;
				}
				else if (Files.deleteIfExists(file)) {
					removed++;
				}
			}
		}
		try (DirectoryStream<Path> files = Files.newDirectoryStream(this.digests, "*.tmp")) {
			for (Path file : files) {
				Files.deleteIfExists(file);
			}
		}
		return removed;
	}

	/**
	 * Return the key of a name in this area: the hex SHA-256 of the name, which is fixed-length
	 * and safe as a single path segment whatever the name contains.
	 */
	static String key(FileName name) {
		MessageDigest digest = Digests.sha256();
		digest.update(name.toString().getBytes(StandardCharsets.UTF_8));
		return HexFormat.of().formatHex(digest.digest());
	}

	/**
	 * Return the directory for the partial data of a name.
	 */
	Path partialDirectory(FileName name) {
		return this.partial.resolve(key(name));
	}

	/**
	 * Make the entries of a directory of this area (creations, renames, deletions) durable.
	 */
	static void syncDirectory(Path directory) throws IOException {
		try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
			channel.force(true);
		}
	}

	static void deleteTree(Path directory) throws IOException {
		if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
			return;
		}
		try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
			for (Path file : files) {
				Files.deleteIfExists(file);
			}
		}
		Files.deleteIfExists(directory);
	}

	@Override
	public void close() throws IOException {
		this.tmpDirectory.close();
	}

}
