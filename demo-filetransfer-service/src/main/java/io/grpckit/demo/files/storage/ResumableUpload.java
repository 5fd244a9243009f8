package io.grpckit.demo.files.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.security.MessageDigest;
import java.time.Clock;

import io.grpckit.demo.files.storage.StorageException.Kind;

/**
 * One session of a resumable upload. Its data and {@link PartialState} live in the staging
 * area and survive a restart; {@link #committedOffset()} counts bytes made durable by
 * {@link #sync()}. When all declared bytes are there, {@link #complete()} checks the digest and
 * moves the data under its name. Only one session per name runs at a time. Not thread-safe.
 */
public final class ResumableUpload implements AutoCloseable {

	private final FileStore store;

	private final FileName name;

	private final Path directory;

	private final FileChannel channel;

	private final MessageDigest digest;

	private final Clock clock;

	private final Runnable release;

	private PartialState state;

	private long received;

	private boolean finished;

	ResumableUpload(FileStore store, FileName name, Path directory, FileChannel channel, MessageDigest digest,
			PartialState state, Clock clock, Runnable release) {
		this.store = store;
		this.name = name;
		this.directory = directory;
		this.channel = channel;
		this.digest = digest;
		this.state = state;
		this.received = state.committed();
		this.clock = clock;
		this.release = release;
	}

	/**
	 * Return the number of durable bytes.
	 * @return the committed offset
	 */
	public long committedOffset() {
		return this.state.committed();
	}

	/**
	 * Return the number of bytes received, durable or not.
	 * @return the byte count
	 */
	public long received() {
		return this.received;
	}

	/**
	 * Return the declared size.
	 * @return the size in bytes
	 */
	public long size() {
		return this.state.size();
	}

	/**
	 * Return whether every declared byte has arrived.
	 * @return whether {@link #complete()} may be called
	 */
	public boolean isComplete() {
		return this.received == this.state.size();
	}

	/**
	 * Append bytes after those received.
	 * @param data the bytes, consumed
	 * @throws StorageException DATA_LOSS when the total passes the declared size; the partial
	 * data is discarded then
	 */
	public void write(ByteBuffer data) {
		checkOpen();
		long total = this.received + data.remaining();
		if (total > this.state.size()) {
			discard();
			throw new StorageException(Kind.DATA_LOSS,
					"size: more than the declared " + this.state.size() + " bytes received");
		}
		try {
			this.digest.update(data.duplicate());
			long position = this.received;
			while (data.hasRemaining()) {
				position += this.channel.write(data, position);
			}
			this.received = total;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Make every received byte durable (fsync the data, then record the offset).
	 * @return the committed offset, equal to {@link #received()}
	 */
	public long sync() {
		checkOpen();
		if (this.received > this.state.committed()) {
			try {
				this.channel.force(false);
				PartialState next = this.state.committed(this.received, this.clock.millis());
				next.write(this.directory);
				this.state = next;
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return this.state.committed();
	}

	/**
	 * Verify the digest and move the data under its name atomically; the session ends.
	 * @return the stored file
	 * @throws StorageException DATA_LOSS on a digest mismatch; the partial data is discarded
	 */
	public StoredFile complete() {
		checkOpen();
		if (!isComplete()) {
			throw new IllegalStateException(this.received + " of " + this.state.size() + " bytes received");
		}
		String actual = Digests.hex(this.digest);
		String expected = this.state.sha256();
		if (!expected.isEmpty() && !expected.equals(actual)) {
			discard();
			throw new StorageException(Kind.DATA_LOSS, "sha256: " + actual + " received (expected: " + expected + ")");
		}
		// durable first: if publishing fails, the whole part stays for another attempt
		sync();
		try {
			this.channel.close();
			StoredFile file;
			try (SecureDirectoryStream<Path> from = Locator.secure(Files.newDirectoryStream(this.directory),
					this.directory)) {
				file = this.store.publish(this.name, from, Path.of(FileStore.PARTIAL_DATA), this.received, actual);
			}
			Staging.deleteTree(this.directory);
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			end();
		}
	}

	/**
	 * Drop the partial data; the session ends. Idempotent.
	 */
	public void discard() {
		if (this.finished) {
			return;
		}
		try {
			this.channel.close();
			Staging.deleteTree(this.directory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			end();
		}
	}

	/**
	 * End the session, keeping what was received (made durable first) for a later session.
	 * Idempotent; does nothing after {@link #complete()} or {@link #discard()}.
	 */
	@Override
	public void close() {
		if (this.finished) {
			return;
		}
		try {
			sync();
			this.channel.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			end();
		}
	}

	private void end() {
		if (!this.finished) {
			this.finished = true;
			this.release.run();
		}
	}

	private void checkOpen() {
		if (this.finished) {
			throw new IllegalStateException("resumable upload of '" + this.name + "' already finished");
		}
	}

}
