package io.grpckit.demo.files.storage;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

import io.grpckit.demo.files.storage.StorageException.Kind;
import org.jspecify.annotations.Nullable;

/**
 * Resolves names against the storage root one segment at a time, never following a symbolic
 * link without checking that its real target stays inside the root and outside the staging
 * area. The answer for a name therefore depends only on what lies inside the root.
 */
final class Locator {

	enum State {

		FILE, DIRECTORY, MISSING, THROUGH_FILE, OTHER

	}

	/**
	 * Where a name leads.
	 *
	 * @param path the real path of the whole name (it may not exist)
	 * @param state what is there
	 * @param firstMissing the first missing directory or file (MISSING only)
	 * @param blocker the segment that is a file (THROUGH_FILE only)
	 */
	record Location(Path path, State state, @Nullable Path firstMissing, @Nullable String blocker) {
	}

	private final Path root;

	private final Path staging;

	Locator(Path realRoot, Path staging) {
		this.root = realRoot;
		this.staging = staging;
	}

	Location locate(FileName name) throws IOException {
		List<String> segments = name.segments();
		Path current = this.root;
		for (int i = 0; i < segments.size(); i++) {
			Path next = current.resolve(segments.get(i));
			BasicFileAttributes attributes = attributes(next);
			if (attributes != null && attributes.isSymbolicLink()) {
				next = follow(name, next);
				attributes = (next != null) ? attributes(next) : null;
				if (next == null) {
					return new Location(current.resolve(segments.get(i)), State.OTHER, null, null);
				}
			}
			if (attributes == null) {
				Path path = next;
				for (int j = i + 1; j < segments.size(); j++) {
					path = path.resolve(segments.get(j));
				}
				return new Location(path, State.MISSING, next, null);
			}
			boolean last = (i == segments.size() - 1);
			if (!last && !attributes.isDirectory()) {
				return new Location(next, State.THROUGH_FILE, null, String.join("/", segments.subList(0, i + 1)));
			}
			if (last) {
				State state = attributes.isRegularFile() ? State.FILE
						: attributes.isDirectory() ? State.DIRECTORY : State.OTHER;
				return new Location(next, state, null, null);
			}
			current = next;
		}
		throw new IllegalStateException("a name has at least one segment");
	}

	/**
	 * Return the real path of a file that exists under the name, or fail with NOT_FOUND.
	 */
	Path existingFile(FileName name) throws IOException {
		Location location = locate(name);
		if (location.state() != State.FILE) {
			throw StorageException.notFound(name);
		}
		return location.path();
	}

	/**
	 * Return the real path a new version of the name goes to, creating missing parent
	 * directories, or fail with FAILED_PRECONDITION when a directory or file is in the way.
	 */
	Path target(FileName name) throws IOException {
		for (int attempt = 0; attempt < 16; attempt++) {
			Location location = locate(name);
			switch (location.state()) {
				case FILE:
					return location.path();
				case MISSING:
					if (location.firstMissing().equals(location.path())) {
						return location.path();
					}
					try {
						Files.createDirectory(location.firstMissing());
					}
					catch (FileAlreadyExistsException ex) {
						// created concurrently (by another upload, or as a file): locate again
					}
					break;
				case DIRECTORY:
					throw new StorageException(Kind.PRECONDITION, "name: '" + name + "' (is a directory)");
				case THROUGH_FILE:
					throw new StorageException(Kind.PRECONDITION,
							"name: '" + name + "' ('" + location.blocker() + "' is a file, not a directory)");
				default:
					throw new StorageException(Kind.PRECONDITION,
							"name: '" + name + "' (not a regular file or directory)");
			}
		}
		throw new StorageException(Kind.ABORTED, "name: '" + name + "' (directories changed concurrently)");
	}

	/**
	 * Follow a link to its real path, or return null when it is broken.
	 */
	private @Nullable Path follow(FileName name, Path link) throws IOException {
		Path real;
		try {
			real = link.toRealPath();
		}
		catch (NoSuchFileException ex) {
			return null;
		}
		if (!real.startsWith(this.root) || real.startsWith(this.staging)) {
			throw StorageException.invalid(
					"name: '" + name + "' (leads outside the storage root through a symbolic link)");
		}
		return real;
	}

	private static @Nullable BasicFileAttributes attributes(Path path) throws IOException {
		try {
			return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
		}
		catch (NoSuchFileException ex) {
			return null;
		}
	}

}
