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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import io.grpckit.demo.files.storage.StorageException.Kind;

/**
 * The unfinished resumable uploads of a store: at most one running session per name, resumption
 * from durable state, and expiry of parts not written to for a while.
 */
final class Partials {

	private final Staging staging;

	private final Duration expiry;

	private final Clock clock;

	private final Set<Path> active = ConcurrentHashMap.newKeySet();

	Partials(Staging staging, Duration expiry, Clock clock) {
		this.staging = staging;
		this.expiry = expiry;
		this.clock = clock;
	}

	/**
	 * Start a session: continue the partial upload of the name when it has the same size and
	 * digest, else drop it and start from zero.
	 */
	ResumableUpload open(FileStore store, FileName name, long size, String sha256) throws IOException {
		expire();
		Path directory = this.staging.partialDirectory(name);
		if (!this.active.add(directory)) {
			throw new StorageException(Kind.ABORTED,
					"name: '" + name + "' (another resumable upload of this name is in progress)");
		}
		try {
			return resume(store, name, size, sha256, directory);
		}
		catch (IOException | RuntimeException ex) {
			this.active.remove(directory);
			throw ex;
		}
	}

	private ResumableUpload resume(FileStore store, FileName name, long size, String sha256, Path directory)
			throws IOException {
		Path data = directory.resolve(FileStore.PARTIAL_DATA);
		PartialState state = PartialState.read(directory);
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
			return new ResumableUpload(store, name, directory, channel, digest, state, this.clock,
					() -> this.active.remove(directory));
		}
		catch (IOException | RuntimeException ex) {
			channel.close();
			throw ex;
		}
	}

	/**
	 * Return how many unfinished uploads have durable state.
	 */
	long count() throws IOException {
		try (Stream<Path> directories = Files.list(this.staging.partialRoot())) {
			return directories.count();
		}
	}

	/**
	 * Remove parts not written to within the expiry period, skipping running sessions.
	 */
	int expire() throws IOException {
		int removed = 0;
		long now = this.clock.millis();
		try (DirectoryStream<Path> directories = Files.newDirectoryStream(this.staging.partialRoot())) {
			for (Path directory : directories) {
				// holding the name's slot keeps a session from starting while we delete
				if (!this.active.add(directory)) {
					continue;
				}
				try {
					PartialState state = PartialState.read(directory);
					if (state == null || now - state.updatedMillis() >= this.expiry.toMillis()) {
						Staging.deleteTree(directory);
						removed++;
					}
				}
				finally {
					this.active.remove(directory);
				}
			}
		}
		return removed;
	}

}
