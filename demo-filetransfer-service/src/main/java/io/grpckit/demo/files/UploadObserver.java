package io.grpckit.demo.files;

import java.util.OptionalLong;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.grpckit.demo.files.proto.FileMetadata;
import io.grpckit.demo.files.proto.UploadReply;
import io.grpckit.demo.files.proto.UploadRequest;
import io.grpckit.demo.files.storage.FileStore;
import io.grpckit.demo.files.storage.StorageException;
import io.grpckit.demo.files.storage.Upload;
import org.jspecify.annotations.Nullable;

/**
 * One Upload call (client streaming). Each chunk is written to the staged file inside
 * {@code onNext}: a short write to the page cache, so gRPC's automatic request-one-more gives
 * back-pressure. The file is committed on half-close; a cancel, deadline or error aborts the
 * staged file. Callbacks are serialized by gRPC, including the cancel handler; the idle timeout
 * fires on the timer thread, so every entry point holds this observer's lock.
 */
final class UploadObserver implements StreamObserver<UploadRequest> {

	private final FileStore store;

	private final ServerCallStreamObserver<UploadReply> responses;

	private final IdleTimeout idle;

	private @Nullable Upload upload;

	private boolean done;

	UploadObserver(FileStore store, StreamObserver<UploadReply> responses, IdleTimeout.Factory idleTimeouts) {
		this.store = store;
		this.responses = (ServerCallStreamObserver<UploadReply>) responses;
		this.idle = idleTimeouts.create(this::timedOut);
		this.responses.setOnCancelHandler(this::release);
		// a call the server closes itself (a request message over the size limit, say) is not
		// cancelled and never reaches onError: the close handler is told, and drops the staged file
		this.responses.setOnCloseHandler(this::release);
		synchronized (this) {
			this.idle.restart();
		}
	}

	@Override
	public synchronized void onNext(UploadRequest request) {
		if (this.done) {
			return;
		}
		this.idle.restart();
		try {
			if (this.upload == null) {
				FileMetadata metadata = Messages.firstMetadata(request);
				OptionalLong size = metadata.hasSize() ? OptionalLong.of(metadata.getSize()) : OptionalLong.empty();
				this.upload = this.store.startUpload(metadata.getName(), size, metadata.getSha256());
			}
			else {
				this.upload.write(Messages.chunk(request).asReadOnlyByteBuffer());
			}
		}
		catch (StorageException ex) {
			fail(ex);
		}
		catch (RuntimeException ex) {
			release();
			throw ex;
		}
	}

	@Override
	public synchronized void onCompleted() {
		if (this.done) {
			return;
		}
		try {
			if (this.upload == null) {
				throw Statuses.invalid("stream: no messages (expected: metadata, then chunks)");
			}
			UploadReply reply = UploadReply.newBuilder().setFile(Messages.info(this.upload.commit())).build();
			this.done = true;
			this.responses.onNext(reply);
			this.responses.onCompleted();
		}
		catch (StorageException ex) {
			fail(ex);
		}
		catch (RuntimeException ex) {
			release();
			throw ex;
		}
	}

	@Override
	public synchronized void onError(Throwable error) {
		// the client went away (cancel, deadline, broken connection); the call is already closed
		release();
	}

	private void fail(StorageException ex) {
		release();
		this.responses.onError(Statuses.of(ex));
	}

	private synchronized void timedOut() {
		if (this.done) {
			return;
		}
		release();
		this.responses.onError(this.idle.status("nothing was stored"));
	}

	/** Drop the staged file; idempotent, and a no-op after a commit. */
	private synchronized void release() {
		this.done = true;
		this.idle.cancel();
		if (this.upload != null) {
			this.upload.abort();
		}
	}

}
