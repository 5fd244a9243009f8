package io.grpckit.demo.files.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The unfinished resumable uploads of a store: at most one running session per name,
 * resumption from durable state, a quota on how many parts are kept and how many bytes they
 * declare, and expiry of parts not written to for a while.
 * <p>
 * The parts are indexed in memory (read from disk once, when the store opens), so starting a
 * session touches only its own part, however many others are kept. The index and the set of
 * running sessions are guarded by this object; file work happens outside the lock, on a part
 * the caller holds (running sessions and parts being expired are both in {@code busy}).
 */
final class Partials {

	/** The limits of partial uploads, as a TOO_LARGE reason: the properties that set them. */
	static final String PARTIAL_LIMITS = "grpckit.demo.files.partial-max-count,grpckit.demo.files.partial-max-total-size";

	/** What the index keeps of a part: its declared size and when it was last written. */
	private record Part(long size, long updatedMillis) {
	}

	private final Staging staging;

	private final Duration expiry;

	private final int maxCount;

	private final long maxBytes;

	private final Clock clock;

	private final Map<String, Part> parts = new HashMap<>();

	private final Set<String> busy = new HashSet<>();

	private long declaredBytes;

	Partials(Staging staging, Duration expiry, int maxCount, long maxBytes, Clock clock) throws IOException {
		this.staging = staging;
		this.expiry = expiry;
		this.maxCount = maxCount;
		this.maxBytes = maxBytes;
		this.clock = clock;
		try (DirectoryStream<Path> directories = Files.newDirectoryStream(staging.partialRoot())) {
			for (Path directory : directories) {
				PartialState state = PartialState.read(directory);
				if (state == null) {
					// no readable state (an interrupted first write): nothing to resume
					Staging.deleteTree(directory);
				}
				else {
					put(directory.getFileName().toString(), new Part(state.size(), state.updatedMillis()));
				}
			}
		}
	}

	/**
	 * Start a session: continue the partial upload of the name when it has the same size and
	 * digest, else drop it and start from zero. The part counts against the quota at its
	 * declared size, the most it can grow to; when the quota is full, expired parts are removed
	 * first.
	 * @throws StorageException ABORTED while another session of the name runs, TOO_LARGE when
	 * the quota has no room
	 */
	ResumableUpload open(FileStore store, FileName name, long size, String sha256) throws IOException {
		String key = Staging.key(name);
		List<String> expired = List.of();
		try {
			synchronized (this) {
				if (this.busy.contains(key)) {
					throw StorageException.aborted(StorageException.UPLOAD_IN_PROGRESS, name.toString(),
							"name: '" + name + "' (another resumable upload of this name is in progress)");
				}
				if (!fits(key, size)) {
					expired = takeExpired(this.clock.millis(), key);
				}
				if (!fits(key, size)) {
					throw StorageException.tooLarge(PARTIAL_LIMITS, "partial uploads: " + this.parts.size()
							+ " kept, declaring " + this.declaredBytes + " bytes; this one declares " + size
							+ " (expected: at most " + this.maxCount + " parts and " + this.maxBytes
							+ " bytes in all; unfinished parts expire " + this.expiry + " after their last write)");
				}
				this.busy.add(key);
				Part old = this.parts.get(key);
				put(key, new Part(size, (old != null) ? old.updatedMillis() : this.clock.millis()));
			}
		}
		finally {
			removeAll(expired);
		}
		try {
			return resume(store, name, size, sha256, this.staging.partialRoot().resolve(key), key);
		}
		catch (IOException | RuntimeException ex) {
			end(key);
			throw ex;
		}
	}

	private boolean fits(String key, long size) {
		Part old = this.parts.get(key);
		int count = this.parts.size() + ((old != null) ? 0 : 1);
		long bytes = this.declaredBytes - ((old != null) ? old.size() : 0) + size;
		return count <= this.maxCount && bytes <= this.maxBytes;
	}

	private ResumableUpload resume(FileStore store, FileName name, long size, String sha256, Path directory,
			String key) throws IOException {
		Path data = directory.resolve(FileStore.PARTIAL_DATA);
		PartialState state = PartialState.read(directory);
		if (state != null && this.clock.millis() - state.updatedMillis() >= this.expiry.toMillis()) {
			// expired, not swept yet: not resumed
			state = null;
		}
		if (state == null || !state.matches(name.toString(), size, sha256) || !Files.isRegularFile(data)
				|| Files.size(data) < state.committed()) {
			Staging.deleteTree(directory);
			Files.createDirectories(directory);
			state = new PartialState(name.toString(), size, sha256, 0, this.clock.millis());
			state.write(directory);
		}
		FileChannel channel = FileChannel.open(data, StandardOpenOption.CREATE, StandardOpenOption.READ,
				StandardOpenOption.WRITE);
		try {
			// bytes past the committed offset were never acknowledged and may not be durable
			channel.truncate(state.committed());
			// a digest's state cannot be saved, so rebuild it from the durable bytes
			MessageDigest digest = Digests.sha256();
			Digests.update(digest, channel, state.committed());
			return new ResumableUpload(store, name, directory, channel, digest, state, this.clock, () -> end(key));
		}
		catch (IOException | RuntimeException ex) {
			channel.close();
			throw ex;
		}
	}

	/**
	 * End a session: the index takes what is on disk now (the part kept, or gone).
	 */
	private void end(String key) {
		PartialState state = PartialState.read(this.staging.partialRoot().resolve(key));
		synchronized (this) {
			remove(key);
			if (state != null) {
				put(key, new Part(state.size(), state.updatedMillis()));
			}
			this.busy.remove(key);
		}
	}

	/**
	 * Return how many unfinished uploads are kept.
	 */
	synchronized long count() {
		return this.parts.size();
	}

	/**
	 * Remove parts not written to within the expiry period, skipping running sessions.
	 */
	int expire() throws IOException {
		List<String> expired;
		synchronized (this) {
			expired = takeExpired(this.clock.millis(), null);
		}
		removeAll(expired);
		return expired.size();
	}

	/**
	 * Take the expired parts out of the index and mark them busy, so no session starts on them
	 * while {@link #removeAll} deletes them.
	 */
	private List<String> takeExpired(long now, @Nullable String except) {
		List<String> expired = new ArrayList<>();
		for (Map.Entry<String, Part> entry : this.parts.entrySet()) {
			String key = entry.getKey();
			if (!key.equals(except) && !this.busy.contains(key)
					&& now - entry.getValue().updatedMillis() >= this.expiry.toMillis()) {
				expired.add(key);
			}
		}
		expired.forEach(this::remove);
		this.busy.addAll(expired);
		return expired;
	}

	private void removeAll(List<String> keys) throws IOException {
		try {
			for (String key : keys) {
				Staging.deleteTree(this.staging.partialRoot().resolve(key));
			}
		}
		finally {
			synchronized (this) {
				keys.forEach(this.busy::remove);
			}
		}
	}

	private void put(String key, Part part) {
		remove(key);
		this.parts.put(key, part);
		this.declaredBytes += part.size();
	}

	private @Nullable Part remove(String key) {
		Part old = this.parts.remove(key);
		if (old != null) {
			this.declaredBytes -= old.size();
		}
		return old;
	}

}
