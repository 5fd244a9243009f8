package io.grpckit.demo.files;

import com.google.protobuf.UnsafeByteOperations;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpckit.demo.files.proto.FileChunk;
import io.grpckit.demo.files.storage.DownloadSource;
import io.grpckit.demo.files.storage.StorageException;

/**
 * Sends one Download call's chunks from the transport's on-ready handler: a chunk is read
 * only while the call is ready, so memory stays flat for any file size and a slow reader.
 * The cancel handler releases the file. gRPC serializes both handlers with the call.
 */
final class DownloadSender implements Runnable {

	private final DownloadSource source;

	private final ServerCallStreamObserver<FileChunk> call;

	private boolean done;

	private DownloadSender(DownloadSource source, ServerCallStreamObserver<FileChunk> call) {
		this.source = source;
		this.call = call;
	}

	static void start(DownloadSource source, ServerCallStreamObserver<FileChunk> call) {
		DownloadSender sender = new DownloadSender(source, call);
		call.setOnCancelHandler(sender::release);
		// called once the call is ready, then whenever it turns ready again
		call.setOnReadyHandler(sender);
	}

	@Override
	public void run() {
		if (this.done) {
			return;
		}
		try {
			while (this.call.isReady() && this.source.hasNext()) {
				DownloadSource.Chunk chunk = this.source.next();
				// the array is fresh per chunk and never touched again, so wrapping is safe
				this.call.onNext(FileChunk.newBuilder()
					.setContent(UnsafeByteOperations.unsafeWrap(chunk.content()))
					.setOffset(chunk.offset())
					.build());
			}
			if (!this.source.hasNext()) {
				release();
				this.call.onCompleted();
			}
		}
		catch (StorageException ex) {
			release();
			this.call.onError(Statuses.of(ex));
		}
		catch (RuntimeException ex) {
			release();
			throw ex;
		}
	}

	/** Close the file; idempotent. */
	private void release() {
		this.done = true;
		this.source.close();
	}

}
