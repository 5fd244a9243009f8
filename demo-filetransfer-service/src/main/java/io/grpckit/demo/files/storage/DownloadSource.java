package io.grpckit.demo.files.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;


/**
 * The bytes of one version of a file, from an offset, in chunks read on demand. The file is
 * opened once and the channel kept: a replacement is a new inode, so this source keeps reading
 * the version it started with, even if the name is replaced or deleted meanwhile. Close it to
 * release the file. Not thread-safe.
 */
public final class DownloadSource implements AutoCloseable {

	/**
	 * Bytes of the file and where they start.
	 *
	 * @param offset the offset of {@code content[0]} in the file
	 * @param content the bytes
	 */
	public record Chunk(long offset, byte[] content) {
	}

	private final String name;

	private final FileChannel channel;

	private final long size;

	private final int chunkSize;

	private long position;

	private boolean closed;

	DownloadSource(String name, FileChannel channel, long offset, long size, int chunkSize) {
		this.name = name;
		this.channel = channel;
		this.position = offset;
		this.size = size;
		this.chunkSize = chunkSize;
	}

	/**
	 * Return the size of the version being read.
	 * @return the size in bytes
	 */
	public long size() {
		return this.size;
	}

	/**
	 * Return whether bytes remain and the source is open.
	 * @return whether {@link #next()} may be called
	 */
	public boolean hasNext() {
		return !this.closed && this.position < this.size;
	}

	/**
	 * Read the next chunk: at most the chunk size, fewer only at the end.
	 * @return the chunk
	 */
	public Chunk next() {
		if (!hasNext()) {
			throw new IllegalStateException("no more chunks");
		}
		int length = (int) Math.min(this.chunkSize, this.size - this.position);
		ByteBuffer buffer = ByteBuffer.allocate(length);
		try {
			while (buffer.hasRemaining()) {
				if (this.channel.read(buffer, this.position + buffer.position()) < 0) {
					// only a change outside the store (truncation in place) gets here
					throw StorageException.aborted(StorageException.FILE_CHANGED, this.name,
							"file changed during the download");
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Chunk chunk = new Chunk(this.position, buffer.array());
		this.position += length;
		return chunk;
	}

	/**
	 * Release the file. Idempotent.
	 */
	@Override
	public void close() {
		this.closed = true;
		try {
			this.channel.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
