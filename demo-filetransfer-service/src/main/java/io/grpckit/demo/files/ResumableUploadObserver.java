package io.grpckit.demo.files;

import java.nio.ByteBuffer;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.grpckit.demo.files.proto.FileMetadata;
import io.grpckit.demo.files.proto.UploadAck;
import io.grpckit.demo.files.proto.UploadRequest;
import io.grpckit.demo.files.storage.FileStore;
import io.grpckit.demo.files.storage.ResumableUpload;
import io.grpckit.demo.files.storage.StorageException;
import io.grpckit.demo.files.storage.StoredFile;
import org.jspecify.annotations.Nullable;

/**
 * One UploadResumable call (bidirectional). The first ack gives the committed offset; later
 * acks report durable progress, never more than {@value #ACK_INTERVAL} bytes apart (plus one
 * chunk). When the declared size has arrived the call completes at once; a half-close before
 * that makes every received byte durable, acks it and ends OK; a broken stream keeps the
 * durable part. Work happens inside the serialized callbacks, which gives back-pressure. A
 * call without a message for the idle timeout ends with DEADLINE_EXCEEDED and frees the name;
 * the timeout fires on the timer thread, so every entry point holds this observer's lock.
 */
final class ResumableUploadObserver implements StreamObserver<UploadRequest> {

	/** Largest distance between acknowledged offsets, before the chunk that crosses it. */
	static final long ACK_INTERVAL = 4L * 1024 * 1024;

	private final FileStore store;

	private final ServerCallStreamObserver<UploadAck> responses;

	private final IdleTimeout idle;

	private @Nullable ResumableUpload session;

	private long acknowledged;

	private boolean done;

	ResumableUploadObserver(FileStore store, StreamObserver<UploadAck> responses, IdleTimeout.Factory idleTimeouts) {
		this.store = store;
		this.responses = (ServerCallStreamObserver<UploadAck>) responses;
		this.idle = idleTimeouts.create(this::timedOut);
		this.responses.setOnCancelHandler(this::release);
		// a call the server closes itself (a request message over the size limit, say) is not
		// cancelled and never reaches onError: the close handler is told, and keeps the durable part
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
			if (this.session == null) {
				start(Messages.firstMetadata(request));
			}
			else {
				write(Messages.chunk(request).asReadOnlyByteBuffer());
			}
			if (this.session.isComplete()) {
				StoredFile file = this.session.complete();
				this.done = true;
				this.responses.onNext(UploadAck.newBuilder()
					.setCommittedOffset(file.size())
					.setFile(Messages.info(file))
					.build());
				this.responses.onCompleted();
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

	private void start(FileMetadata metadata) {
		if (!metadata.hasSize()) {
			throw Statuses.invalid("size: missing (expected: the file's size, required by UploadResumable)");
		}
		this.session = this.store.startResumable(metadata.getName(), metadata.getSize(), metadata.getSha256());
		ack(this.session.committedOffset());
	}

	private void write(ByteBuffer chunk) {
		// below the transport's limit, so the answer is a status, not a reset stream: grpc-java
		// can only reset a stream whose response headers (the first ack) are out when a message
		// passes its own limit
		if (chunk.remaining() > FileTransferService.MAX_CHUNK_SIZE) {
			throw StorageException.tooLarge("chunk size", "chunk: " + chunk.remaining()
					+ " bytes (expected: at most " + FileTransferService.MAX_CHUNK_SIZE + ")");
		}
		long received = this.session.received();
		if (received > this.acknowledged && received + chunk.remaining() - this.acknowledged > ACK_INTERVAL) {
			ack(this.session.sync());
		}
		this.session.write(chunk);
		if (!this.session.isComplete() && this.session.received() - this.acknowledged >= ACK_INTERVAL) {
			ack(this.session.sync());
		}
	}

	private void ack(long committed) {
		this.acknowledged = committed;
		this.responses.onNext(UploadAck.newBuilder().setCommittedOffset(committed).build());
	}

	@Override
	public synchronized void onCompleted() {
		if (this.done) {
			return;
		}
		try {
			if (this.session == null) {
				throw Statuses.invalid("stream: no messages (expected: metadata, then chunks)");
			}
			// half-close before the declared size: keep the part, durable, for a later call
			long committed = this.session.sync();
			release();
			this.responses.onNext(UploadAck.newBuilder().setCommittedOffset(committed).build());
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
		// broken stream: the part stays for resumption
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
		// keeps what was received, made durable: the next session resumes from there
		release();
		this.responses.onError(this.idle.status("the name is free again"
				+ ((this.session != null) ? ", and the upload resumes from offset " + this.session.committedOffset()
						: "")));
	}

	/** End the session keeping its durable part (a no-op once completed or discarded). */
	private synchronized void release() {
		this.done = true;
		this.idle.cancel();
		if (this.session != null) {
			this.session.close();
		}
	}

}
