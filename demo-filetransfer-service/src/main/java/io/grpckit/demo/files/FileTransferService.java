package io.grpckit.demo.files;

import java.util.concurrent.ScheduledExecutorService;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.grpckit.demo.files.proto.DeleteReply;
import io.grpckit.demo.files.proto.DownloadRequest;
import io.grpckit.demo.files.proto.FileChunk;
import io.grpckit.demo.files.proto.FileInfo;
import io.grpckit.demo.files.proto.FileRef;
import io.grpckit.demo.files.proto.FileTransferGrpc;
import io.grpckit.demo.files.proto.ListReply;
import io.grpckit.demo.files.proto.ListRequest;
import io.grpckit.demo.files.proto.UploadAck;
import io.grpckit.demo.files.proto.UploadReply;
import io.grpckit.demo.files.proto.UploadRequest;
import io.grpckit.demo.files.storage.DownloadSource;
import io.grpckit.demo.files.storage.FilePage;
import io.grpckit.demo.files.storage.FileStore;
import io.grpckit.demo.files.storage.StorageException;
import io.grpckit.server.GrpcService;

/**
 * {@code filetransfer.FileTransfer} over a {@link FileStore}: gRPC glue only. Request rules
 * that belong to the protocol (chunk and page sizes) are checked here; everything about files
 * is the store's. Storage failures become statuses in {@link Statuses}.
 */
@GrpcService
public class FileTransferService extends FileTransferGrpc.FileTransferImplBase {

	static final int DEFAULT_CHUNK_SIZE = 1024 * 1024;

	static final int MIN_CHUNK_SIZE = 1024;

	static final int MAX_CHUNK_SIZE = 3 * 1024 * 1024;

	static final int DEFAULT_PAGE_SIZE = 100;

	static final int MAX_PAGE_SIZE = 1000;

	private final FileStore store;

	private final IdleTimeout.Factory idleTimeouts;

	public FileTransferService(FileStore store, ScheduledExecutorService fileTransferTimers,
			FileTransferProperties properties) {
		this.store = store;
		this.idleTimeouts = new IdleTimeout.Factory(fileTransferTimers, properties.getUploadIdleTimeout());
	}

	@Override
	public StreamObserver<UploadRequest> upload(StreamObserver<UploadReply> responses) {
		return new UploadObserver(this.store, responses, this.idleTimeouts);
	}

	@Override
	public StreamObserver<UploadRequest> uploadResumable(StreamObserver<UploadAck> responses) {
		return new ResumableUploadObserver(this.store, responses, this.idleTimeouts);
	}

	@Override
	public void download(DownloadRequest request, StreamObserver<FileChunk> responses) {
		DownloadSource source;
		try {
			source = this.store.download(request.getName(), request.getOffset(), chunkSize(request.getChunkSize()));
		}
		catch (StorageException ex) {
			responses.onError(Statuses.of(ex));
			return;
		}
		DownloadSender.start(source, (ServerCallStreamObserver<FileChunk>) responses);
	}

	private static int chunkSize(int requested) {
		if (requested == 0) {
			return DEFAULT_CHUNK_SIZE;
		}
		if (requested < MIN_CHUNK_SIZE || requested > MAX_CHUNK_SIZE) {
			throw Statuses.invalid("chunk_size: " + requested + " (expected: 0 or " + MIN_CHUNK_SIZE + ".."
					+ MAX_CHUNK_SIZE + ")");
		}
		return requested;
	}

	@Override
	public void stat(FileRef request, StreamObserver<FileInfo> responses) {
		try {
			FileInfo info = Messages.info(this.store.stat(request.getName()));
			responses.onNext(info);
			responses.onCompleted();
		}
		catch (StorageException ex) {
			responses.onError(Statuses.of(ex));
		}
	}

	@Override
	public void list(ListRequest request, StreamObserver<ListReply> responses) {
		try {
			int pageSize = request.getPageSize();
			if (pageSize < 0 || pageSize > MAX_PAGE_SIZE) {
				throw Statuses.invalid("page_size: " + pageSize + " (expected: 0.." + MAX_PAGE_SIZE + ")");
			}
			FilePage page = this.store.list(request.getPrefix(), (pageSize != 0) ? pageSize : DEFAULT_PAGE_SIZE,
					request.getPageToken());
			ListReply.Builder reply = ListReply.newBuilder().setNextPageToken(page.nextPageToken());
			page.files().forEach((file) -> reply.addFiles(Messages.info(file)));
			responses.onNext(reply.build());
			responses.onCompleted();
		}
		catch (StorageException ex) {
			responses.onError(Statuses.of(ex));
		}
	}

	@Override
	public void delete(FileRef request, StreamObserver<DeleteReply> responses) {
		try {
			this.store.delete(request.getName());
			responses.onNext(DeleteReply.newBuilder().setDeleted(true).build());
			responses.onCompleted();
		}
		catch (StorageException ex) {
			responses.onError(Statuses.of(ex));
		}
	}

}
