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
 * durable part. Work happens inside the serialized callbacks, which gives back-pressure.
 */
final class ResumableUploadObserver implements StreamObserver<UploadRequest> {

	/** Largest distance between acknowledged offsets, before the chunk that crosses it. */
	static final long ACK_INTERVAL = 4L * 1024 * 1024;

	private final FileStore store;

	private final ServerCallStreamObserver<UploadAck> responses;

	private @Nullable ResumableUpload session;

	private long acknowledged;

	private boolean done;

	ResumableUploadObserver(FileStore store, StreamObserver<UploadAck> responses) {
		this.store = store;
		this.responses = (ServerCallStreamObserver<UploadAck>) responses;
		this.responses.setOnCancelHandler(this::release);
		// a call the server closes itself (a request message over the size limit, say) is not
		// cancelled and never reaches onError: the close handler is told, and keeps the durable part
		this.responses.setOnCloseHandler(this::release);
	}

	@Override
	public void onNext(UploadRequest request) {
		if (this.done) {
			return;
		}
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
	public void onCompleted() {
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
	public void onError(Throwable error) {
		// broken stream: the part stays for resumption
		release();
	}

	private void fail(StorageException ex) {
		release();
		this.responses.onError(Statuses.of(ex));
	}

	/** End the session keeping its durable part (a no-op once completed or discarded). */
	private void release() {
		this.done = true;
		if (this.session != null) {
			this.session.close();
		}
	}

}
