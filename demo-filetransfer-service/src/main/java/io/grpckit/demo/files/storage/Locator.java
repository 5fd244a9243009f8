package io.grpckit.demo.files.storage;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Set;

import io.grpckit.demo.files.storage.StorageException.Kind;
import org.jspecify.annotations.Nullable;

/**
 * Resolves names inside the storage root without following symbolic links, from an open
 * handle on the root: each segment is looked up and opened relative to the directory opened
 * before it, with {@code O_NOFOLLOW} ({@link SecureDirectoryStream}, {@code openat} on Linux).
 * A name whose path holds a symbolic link is refused, so no name reaches a file outside the
 * root or the staging area, whatever is renamed or linked while a call runs: the directories
 * the store works in are the ones it opened, not whatever a path string leads to later.
 */
final class Locator implements Closeable {

	/** How many times a segment is looked at again when it changes under the lookup. */
	private static final int RETRIES = 8;

	enum State {

		FILE, DIRECTORY, MISSING, THROUGH_FILE, OTHER

	}

	/**
	 * Where a name leads: an open directory of the tree and what the segment at {@code depth}
	 * is in it. FILE, DIRECTORY and OTHER are about the last segment; MISSING about the first
	 * missing one; THROUGH_FILE about a segment before the last that is not a directory. Close
	 * it to release the directory.
	 */
	static final class Location implements Closeable {

		private final SecureDirectoryStream<Path> directory;

		private final boolean owned;

		private final State state;

		private final int depth;

		private final @Nullable BasicFileAttributes attributes;

		private final FileName name;

		Location(SecureDirectoryStream<Path> directory, boolean owned, State state, int depth,
				@Nullable BasicFileAttributes attributes, FileName name) {
			this.directory = directory;
			this.owned = owned;
			this.state = state;
			this.depth = depth;
			this.attributes = attributes;
			this.name = name;
		}

		State state() {
			return this.state;
		}

		/** Whether the state is about the name's last segment. */
		boolean atLast() {
			return this.depth == this.name.segments().size() - 1;
		}

		SecureDirectoryStream<Path> directory() {
			return this.directory;
		}

		Path segment() {
			return Path.of(this.name.segments().get(this.depth));
		}

		/** The attributes of the segment (FILE, DIRECTORY, OTHER, THROUGH_FILE). */
		BasicFileAttributes attributes() {
			if (this.attributes == null) {
				throw new IllegalStateException("no attributes for " + this.state);
			}
			return this.attributes;
		}

		/** The segments up to and including the one the state is about. */
		String prefix() {
			return String.join("/", this.name.segments().subList(0, this.depth + 1));
		}

		/** Open the file for reading, never through a link. */
		FileChannel openFile() throws IOException {
			for (int attempt = 0;; attempt++) {
				try {
					return Locator.channel(this.directory.newByteChannel(segment(),
							Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)));
				}
				catch (FileSystemException ex) {
					// removed, or replaced by a link (O_NOFOLLOW fails with ELOOP) since it was looked at
					BasicFileAttributes now = Locator.attributes(this.directory, segment());
					if (now == null) {
						throw StorageException.notFound(this.name);
					}
					if (now.isSymbolicLink()) {
						throw refused(this.name, prefix());
					}
					if (attempt == RETRIES) {
						throw ex;
					}
				}
			}
		}

		@Override
		public void close() throws IOException {
			if (this.owned) {
				this.directory.close();
			}
		}

	}

	private final SecureDirectoryStream<Path> root;

	private Locator(SecureDirectoryStream<Path> root) {
		this.root = root;
	}

	/**
	 * Open the root directory for name lookups.
	 * @throws IllegalStateException where the platform offers no {@link SecureDirectoryStream}
	 */
	static Locator open(Path realRoot) throws IOException {
		return new Locator(secure(Files.newDirectoryStream(realRoot), realRoot));
	}

	static SecureDirectoryStream<Path> secure(DirectoryStream<Path> stream, Path directory) throws IOException {
		if (stream instanceof SecureDirectoryStream<Path> secure) {
			return secure;
		}
		stream.close();
		throw new IllegalStateException("Storage root " + directory + ": this platform cannot open files relative"
				+ " to a directory without following symbolic links (java.nio.file.SecureDirectoryStream);"
				+ " the file-transfer demo needs Linux or another platform that offers it");
	}

	SecureDirectoryStream<Path> root() {
		return this.root;
	}

	/**
	 * Walk the name segment by segment. The first segment cannot be the staging area
	 * ({@link FileName} refuses it), and links are never followed, so the walk stays inside the
	 * root and outside the staging area.
	 * @throws StorageException INVALID when a segment is a symbolic link
	 */
	Location locate(FileName name) throws IOException {
		List<String> segments = name.segments();
		SecureDirectoryStream<Path> current = this.root;
		boolean owned = false;
		try {
			for (int i = 0; i < segments.size(); i++) {
				Path segment = Path.of(segments.get(i));
				boolean last = (i == segments.size() - 1);
				for (int attempt = 0;; attempt++) {
					BasicFileAttributes attributes = attributes(current, segment);
					if (attributes == null) {
						return found(current, owned, State.MISSING, i, null, name);
					}
					if (attributes.isSymbolicLink()) {
						throw refused(name, String.join("/", segments.subList(0, i + 1)));
					}
					if (last) {
						State state = attributes.isRegularFile() ? State.FILE
								: attributes.isDirectory() ? State.DIRECTORY : State.OTHER;
						return found(current, owned, state, i, attributes, name);
					}
					if (!attributes.isDirectory()) {
						return found(current, owned, State.THROUGH_FILE, i, attributes, name);
					}
					SecureDirectoryStream<Path> next;
					try {
						next = current.newDirectoryStream(segment, LinkOption.NOFOLLOW_LINKS);
					}
					catch (FileSystemException ex) {
						// changed between the look and the open (removed, replaced by a file or a
						// link, which O_NOFOLLOW refuses with ELOOP): look again
						if (attempt < RETRIES) {
							continue;
						}
						BasicFileAttributes now = attributes(current, segment);
						if (now != null && now.isDirectory()) {
							throw ex;
						}
						throw changed(name);
					}
					if (owned) {
						current.close();
					}
					current = next;
					owned = true;
					break;
				}
			}
			throw new IllegalStateException("a name has at least one segment");
		}
		catch (IOException | RuntimeException ex) {
			if (owned) {
				current.close();
			}
			throw ex;
		}
	}

	private static Location found(SecureDirectoryStream<Path> directory, boolean owned, State state, int depth,
			@Nullable BasicFileAttributes attributes, FileName name) {
		return new Location(directory, owned, state, depth, attributes, name);
	}

	/**
	 * Return the location of a file that exists under the name, or fail with NOT_FOUND.
	 */
	Location existingFile(FileName name) throws IOException {
		Location location = locate(name);
		if (location.state() != State.FILE) {
			location.close();
			throw StorageException.notFound(name);
		}
		return location;
	}

	/**
	 * Check that a new version of the name can be stored: its parents exist as directories or
	 * are missing (they are made on publish), and the name itself is a file or missing.
	 * @throws StorageException PRECONDITION when a directory or file is in the way, INVALID for
	 * a link
	 */
	void checkTarget(FileName name) throws IOException {
		try (Location location = locate(name)) {
			checkTarget(name, location);
		}
	}

	static void checkTarget(FileName name, Location location) {
		switch (location.state()) {
			case FILE, MISSING -> {
			}
			case DIRECTORY -> throw new StorageException(Kind.PRECONDITION, "name: '" + name + "' (is a directory)");
			case THROUGH_FILE -> throw new StorageException(Kind.PRECONDITION,
					"name: '" + name + "' ('" + location.prefix() + "' is a file, not a directory)");
			default -> throw new StorageException(Kind.PRECONDITION,
					"name: '" + name + "' (not a regular file or directory)");
		}
	}

	@Override
	public void close() throws IOException {
		this.root.close();
	}

	static @Nullable BasicFileAttributes attributes(SecureDirectoryStream<Path> directory, Path segment)
			throws IOException {
		try {
			return directory.getFileAttributeView(segment, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
				.readAttributes();
		}
		catch (NoSuchFileException ex) {
			return null;
		}
	}

	/**
	 * Open a subdirectory without following a link, or return null when that fails (removed,
	 * replaced by a file or by a link since it was looked at).
	 */
	static @Nullable SecureDirectoryStream<Path> openDirectoryOrNull(SecureDirectoryStream<Path> parent,
			Path segment) {
		try {
			return parent.newDirectoryStream(segment, LinkOption.NOFOLLOW_LINKS);
		}
		catch (IOException ex) {
			return null;
		}
	}

	static FileChannel channel(SeekableByteChannel channel) throws IOException {
		if (channel instanceof FileChannel file) {
			return file;
		}
		channel.close();
		throw new IllegalStateException("expected a FileChannel, got " + channel.getClass().getName());
	}

	/**
	 * Make the entries of an open directory (creations, renames, deletions) durable.
	 */
	static void syncDirectory(SecureDirectoryStream<Path> directory) throws IOException {
		try (FileChannel channel = channel(directory.newByteChannel(Path.of("."), Set.of(StandardOpenOption.READ)))) {
			channel.force(true);
		}
	}

	static StorageException refused(FileName name, String link) {
		return StorageException.invalid("name: '" + name + "' ('" + link
				+ "' is a symbolic link; the store does not follow links)");
	}

	static StorageException changed(FileName name) {
		return StorageException.aborted(StorageException.DIRECTORIES_CHANGED, name.toString(),
				"name: '" + name + "' (directories changed concurrently)");
	}

}
