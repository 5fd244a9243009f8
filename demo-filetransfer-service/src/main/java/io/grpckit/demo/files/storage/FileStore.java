package io.grpckit.demo.files.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import io.grpckit.demo.files.storage.StorageException.Kind;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Files under one storage root, safe against partial writes, crashes and names that try to
 * leave the root. Uploads are staged inside the root and renamed into place atomically after
 * an fsync; downloads read an immutable snapshot; listing never shows staging data.
 * Thread-safe; one store per root and process (opening it removes stale temporary files).
 */
public final class FileStore implements AutoCloseable {

	static final String PARTIAL_DATA = "data";

	/** The limit a file's size passes: the property that sets it, as a TOO_LARGE reason. */
	static final String MAX_SIZE_LIMIT = "grpckit.demo.files.max-size";

	private static final Log logger = LogFactory.getLog(FileStore.class);

	private final Path root;

	private final Staging staging;

	private final Locator locator;

	private final long maxSize;

	private final Partials partials;

	private final DigestCache digests;

	private FileStore(Path root, long maxSize, PartialLimits partialLimits, Clock clock) throws IOException {
		Files.createDirectories(root);
		this.root = root.toRealPath();
		this.locator = Locator.open(this.root);
		try {
			this.staging = new Staging(this.root, this.locator.root());
		}
		catch (IOException | RuntimeException ex) {
			this.locator.close();
			throw ex;
		}
		this.digests = new DigestCache(this.staging.digestRoot());
		this.maxSize = maxSize;
		this.partials = new Partials(this.staging, partialLimits.expiry(), partialLimits.maxCount(),
				partialLimits.maxBytes(), clock);
	}

	/**
	 * What the store keeps of unfinished resumable uploads.
	 *
	 * @param expiry how long a part is kept after its last write
	 * @param maxCount the most parts kept at once
	 * @param maxBytes the most bytes all parts may declare together
	 */
	public record PartialLimits(Duration expiry, int maxCount, long maxBytes) {

		/** Most parts kept at once, unless configured otherwise. */
		public static final int DEFAULT_MAX_COUNT = 1000;

		/** Most bytes all parts may declare together, unless configured otherwise: 10 GiB. */
		public static final long DEFAULT_MAX_BYTES = 10L * 1024 * 1024 * 1024;

		/**
		 * Return limits with the given expiry and the default quota.
		 * @param expiry how long a part is kept after its last write
		 * @return the limits
		 */
		public static PartialLimits expiringAfter(Duration expiry) {
			return new PartialLimits(expiry, DEFAULT_MAX_COUNT, DEFAULT_MAX_BYTES);
		}

	}

	/**
	 * Open the store at a root directory (created when missing), removing temporary files of
	 * a previous run and expired partial uploads, with the default quota for partial uploads.
	 * @param root the storage root
	 * @param maxSize the largest file accepted, in bytes
	 * @param partialExpiry how long an unfinished resumable upload is kept after its last write
	 * @param clock the clock used for expiry
	 * @return the store
	 */
	public static FileStore open(Path root, long maxSize, Duration partialExpiry, Clock clock) {
		return open(root, maxSize, PartialLimits.expiringAfter(partialExpiry), clock);
	}

	/**
	 * Open the store at a root directory (created when missing), removing temporary files of
	 * a previous run and expired partial uploads.
	 * @param root the storage root
	 * @param maxSize the largest file accepted, in bytes
	 * @param partialLimits expiry and quota of unfinished resumable uploads
	 * @param clock the clock used for expiry
	 * @return the store
	 */
	public static FileStore open(Path root, long maxSize, PartialLimits partialLimits, Clock clock) {
		try {
			FileStore store = new FileStore(root, maxSize, partialLimits, clock);
			int stale = store.staging.removeStaleTempFiles();
			int expired = store.expirePartials();
			logger.info("Storage root " + store.root + ": removed " + stale + " stale temporary file(s) and "
					+ expired + " expired partial upload(s); " + store.partials.count() + " partial upload(s) kept");
			return store;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Return the real path of the storage root.
	 * @return the root
	 */
	public Path root() {
		return this.root;
	}

	/**
	 * Return the largest file accepted.
	 * @return the limit in bytes
	 */
	public long maxSize() {
		return this.maxSize;
	}

	/**
	 * Describe a file.
	 * @param name the name
	 * @return the file
	 * @throws StorageException INVALID for a bad name, NOT_FOUND when no file has the name
	 */
	public StoredFile stat(String name) {
		FileName fileName = FileName.of(name);
		try (Locator.Location location = this.locator.existingFile(fileName)) {
			return describe(fileName, location);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Delete a file.
	 * @param name the name
	 * @throws StorageException INVALID for a bad name, NOT_FOUND when no file has the name
	 */
	public void delete(String name) {
		FileName fileName = FileName.of(name);
		try (Locator.Location location = this.locator.existingFile(fileName)) {
			try {
				// unlinkat in the directory that was opened: a link swapped in is removed itself
				location.directory().deleteFile(location.segment());
			}
			catch (FileSystemException ex) {
				BasicFileAttributes now = Locator.attributes(location.directory(), location.segment());
				if (now == null || !now.isRegularFile()) {
					throw StorageException.notFound(fileName);
				}
				throw ex;
			}
			this.digests.forget(fileName);
			Locator.syncDirectory(location.directory());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * List complete files whose names start with a prefix (any string), sorted by UTF-8 bytes.
	 * @param prefix the prefix, empty for all
	 * @param pageSize the most files to return, at least 1
	 * @param pageToken the previous page's token, empty for the first page
	 * @return the page
	 * @throws StorageException INVALID for a malformed token or one issued for another prefix
	 */
	public FilePage list(String prefix, int pageSize, String pageToken) {
		if (pageSize < 1) {
			throw new IllegalArgumentException("pageSize: " + pageSize + " (expected: at least 1)");
		}
		String after = pageToken.isEmpty() ? null : Listing.after(prefix, pageToken);
		try {
			List<StoredFile> files = new ArrayList<>();
			String last = after;
			boolean more = true;
			// a file may vanish between walk and stat: walk again from the last name seen
			while (files.size() < pageSize + 1 && more) {
				int wanted = pageSize + 1 - files.size();
				List<String> names = Listing.names(this.locator.root(), prefix, last, wanted);
				more = names.size() == wanted;
				for (String name : names) {
					last = name;
					StoredFile file = describeIfPresent(FileName.of(name));
					if (file != null) {
						files.add(file);
					}
				}
			}
			if (files.size() <= pageSize) {
				return new FilePage(List.copyOf(files), "");
			}
			List<StoredFile> page = List.copyOf(files.subList(0, pageSize));
			return new FilePage(page, Listing.token(prefix, page.get(pageSize - 1).name()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Read a file from an offset. The source reads the version current now, whatever happens
	 * to the name later.
	 * @param name the name
	 * @param offset where to start, 0 to the file's size
	 * @param chunkSize the largest chunk, at least 1
	 * @return the source, to be closed
	 * @throws StorageException INVALID, NOT_FOUND or OUT_OF_RANGE
	 */
	public DownloadSource download(String name, long offset, int chunkSize) {
		FileName fileName = FileName.of(name);
		FileChannel channel;
		try (Locator.Location location = this.locator.existingFile(fileName)) {
			channel = location.openFile();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		try {
			long size = channel.size();
			if (offset < 0 || offset > size) {
				channel.close();
				throw new StorageException(Kind.OUT_OF_RANGE, "offset: " + offset + " (expected: 0.." + size + ")");
			}
			return new DownloadSource(fileName.toString(), channel, offset, size, chunkSize);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Start a one-shot upload.
	 * @param name the name
	 * @param size the declared size, if any
	 * @param sha256 the declared digest (64 lowercase hex digits), or empty
	 * @return the upload, to be committed or aborted
	 * @throws StorageException INVALID, TOO_LARGE (declared size over the limit) or
	 * PRECONDITION (a directory, or a file in the path)
	 */
	public Upload startUpload(String name, OptionalLong size, String sha256) {
		FileName fileName = FileName.of(name);
		if (size.isPresent() && size.getAsLong() < 0) {
			throw StorageException.invalid("size: " + size.getAsLong() + " (expected: 0 or more)");
		}
		String expected = checkDeclared(size.orElse(0), sha256);
		try {
			// missing directories are made when the upload is published, so a failed one leaves none
			this.locator.checkTarget(fileName);
			return new Upload(this, fileName, size.orElse(-1), expected, this.maxSize, this.staging.newTempFile());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Start or resume a resumable upload. When an unfinished, unexpired upload of the name
	 * with the same size and digest exists, the session continues at its committed offset;
	 * any other partial data of the name is dropped.
	 * @param name the name
	 * @param size the declared size
	 * @param sha256 the declared digest, or empty
	 * @return the session, to be completed, discarded or closed
	 * @throws StorageException INVALID, TOO_LARGE (over the size limit, or no room in the quota
	 * of partial uploads), PRECONDITION, or ABORTED when another session of the name is running
	 */
	public ResumableUpload startResumable(String name, long size, String sha256) {
		FileName fileName = FileName.of(name);
		if (size < 0) {
			throw StorageException.invalid("size: " + size + " (expected: 0 or more)");
		}
		String expected = checkDeclared(size, sha256);
		try {
			this.locator.checkTarget(fileName);
			return this.partials.open(this, fileName, size, expected);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Remove unfinished resumable uploads not written to within the expiry period.
	 * @return how many were removed
	 */
	public int expirePartials() {
		try {
			return this.partials.expire();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Move a durable staged file under its name, replacing any older version atomically, and
	 * make missing directories on the way. The file moves from the staging directory that is
	 * open to the directory the walk opened ({@code renameat}), so a path changed meanwhile
	 * cannot redirect it.
	 * @param from the open staging directory that holds the file
	 * @param staged the file's name in it
	 */
	StoredFile publish(FileName name, SecureDirectoryStream<Path> from, Path staged, long size, String sha256)
			throws IOException {
		BasicFileAttributes attributes = Locator.attributes(from, staged);
		if (attributes == null) {
			throw new NoSuchFileException(staged.toString(), null, "staged file is gone");
		}
		int changes = 0;
		while (true) {
			try (Locator.Location location = this.locator.locate(name)) {
				Locator.checkTarget(name, location);
				if (location.state() == Locator.State.MISSING && !location.atLast()) {
					// one directory at a time, however many are missing; only changes are counted
					if (!this.staging.makeDirectory(location.directory(), location.segment()) && ++changes > 8) {
						throw Locator.changed(name);
					}
					continue;
				}
				this.digests.remember(name, attributes, sha256);
				from.move(staged, location.directory(), location.segment());
				Locator.syncDirectory(location.directory());
				return new StoredFile(name.toString(), size, sha256, attributes.lastModifiedTime().toMillis());
			}
			catch (NoSuchFileException ex) {
				// a directory of the walk was removed meanwhile: walk again
				if (++changes > 8) {
					throw Locator.changed(name);
				}
			}
		}
	}

	/**
	 * Drop a temporary file of a one-shot upload.
	 */
	void discard(Staging.TempFile temp) throws IOException {
		temp.channel().close();
		this.staging.deleteTempFile(temp.name());
	}

	SecureDirectoryStream<Path> tmpDirectory() {
		return this.staging.tmpDirectory();
	}

	/**
	 * Return how many times a stored file was read to compute its digest.
	 */
	long digestsComputed() {
		return this.digests.computed();
	}

	/**
	 * Release the open root and staging directories.
	 */
	@Override
	public void close() {
		try {
			this.staging.close();
			this.locator.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private String checkDeclared(long size, String sha256) {
		String expected = Digests.checkExpected(sha256);
		if (size > this.maxSize) {
			throw StorageException.tooLarge(MAX_SIZE_LIMIT,
					"size: " + size + " (expected: at most " + this.maxSize + ")");
		}
		return expected;
	}

	private @Nullable StoredFile describeIfPresent(FileName name) throws IOException {
		try (Locator.Location location = this.locator.locate(name)) {
			return (location.state() == Locator.State.FILE) ? describe(name, location) : null;
		}
		catch (StorageException ex) {
			// replaced by a link or removed since the walk saw it: not part of this listing
			return null;
		}
	}

	private StoredFile describe(FileName name, Locator.Location location) throws IOException {
		BasicFileAttributes attributes = location.attributes();
		String sha256 = this.digests.recall(name, attributes, location::openFile);
		return new StoredFile(name.toString(), attributes.size(), sha256, attributes.lastModifiedTime().toMillis());
	}

}
