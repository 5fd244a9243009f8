package io.grpckit.demo.files.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;

import io.grpckit.demo.files.storage.StorageException.Kind;

/**
 * A one-shot upload: bytes go to a temporary file in the staging area, and the file appears
 * under its name only on {@link #commit()}, after size and digest checks and an fsync. Any
 * failure, and {@link #abort()}, removes the temporary file; an older version stays untouched.
 * Not thread-safe: use from one thread at a time (a gRPC call's callbacks are serialized).
 */
public final class Upload implements AutoCloseable {

	private final FileStore store;

	private final FileName name;

	private final long expectedSize;

	private final String expectedSha256;

	private final long maxSize;

	private final Staging.TempFile temp;

	private final FileChannel channel;

	private final MessageDigest digest = Digests.sha256();

	private long received;

	private boolean finished;

	/**
	 * Take over a temporary file, created and opened in one step: nothing is left behind if
	 * creating it fails, and {@link #abort()} removes it.
	 */
	Upload(FileStore store, FileName name, long expectedSize, String expectedSha256, long maxSize,
			Staging.TempFile temp) {
		this.store = store;
		this.name = name;
		this.expectedSize = expectedSize;
		this.expectedSha256 = expectedSha256;
		this.maxSize = maxSize;
		this.temp = temp;
		this.channel = temp.channel();
	}

	/**
	 * Append bytes.
	 * @param data the bytes, consumed
	 * @throws StorageException TOO_LARGE past the size limit, DATA_LOSS past the declared size;
	 * the upload is aborted in both cases
	 */
	public void write(ByteBuffer data) {
		checkOpen();
		long total = this.received + data.remaining();
		if (total > this.maxSize) {
			abort();
			throw StorageException.tooLarge(FileStore.MAX_SIZE_LIMIT,
					"size: more than " + this.maxSize + " bytes (expected: at most " + this.maxSize + ")");
		}
		if (this.expectedSize >= 0 && total > this.expectedSize) {
			abort();
			throw new StorageException(Kind.DATA_LOSS,
					"size: more than the declared " + this.expectedSize + " bytes received");
		}
		try {
			this.digest.update(data.duplicate());
			while (data.hasRemaining()) {
				this.channel.write(data);
			}
			this.received = total;
		}
		catch (IOException ex) {
			abort();
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Return the number of bytes written so far.
	 * @return the byte count
	 */
	public long received() {
		return this.received;
	}

	/**
	 * Check size and digest, make the bytes durable and move them under the name atomically.
	 * @return the stored file
	 * @throws StorageException DATA_LOSS on a size or digest mismatch (nothing is stored)
	 */
	public StoredFile commit() {
		checkOpen();
		try {
			if (this.expectedSize >= 0 && this.received != this.expectedSize) {
				throw new StorageException(Kind.DATA_LOSS,
						"size: " + this.received + " bytes received (expected: " + this.expectedSize + ")");
			}
			String actual = Digests.hex(this.digest);
			if (!this.expectedSha256.isEmpty() && !this.expectedSha256.equals(actual)) {
				throw new StorageException(Kind.DATA_LOSS,
						"sha256: " + actual + " received (expected: " + this.expectedSha256 + ")");
			}
			this.channel.force(true);
			this.channel.close();
			StoredFile file = this.store.publish(this.name, this.store.tmpDirectory(), this.temp.name(), this.received,
					actual);
			this.finished = true;
			return file;
		}
		catch (IOException ex) {
			abort();
			throw new UncheckedIOException(ex);
		}
		catch (RuntimeException ex) {
			abort();
			throw ex;
		}
	}

	/**
	 * Drop the upload and its temporary file. Idempotent; does nothing after a commit.
	 */
	public void abort() {
		if (this.finished) {
			return;
		}
		this.finished = true;
		try {
			this.store.discard(this.temp);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		abort();
	}

	private void checkOpen() {
		if (this.finished) {
			throw new IllegalStateException("upload of '" + this.name + "' already finished");
		}
	}

}
