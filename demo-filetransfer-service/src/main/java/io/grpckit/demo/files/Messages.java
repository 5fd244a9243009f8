package io.grpckit.demo.files;

import com.google.protobuf.ByteString;

import io.grpckit.demo.files.proto.FileInfo;
import io.grpckit.demo.files.proto.FileMetadata;
import io.grpckit.demo.files.proto.UploadRequest;
import io.grpckit.demo.files.storage.StorageException;
import io.grpckit.demo.files.storage.StoredFile;

/**
 * Conversions and message-order rules shared by the upload calls.
 */
final class Messages {

	private Messages() {
	}

	static FileMetadata firstMetadata(UploadRequest request) {
		return switch (request.getPayloadCase()) {
			case METADATA -> request.getMetadata();
			case CHUNK -> throw Statuses.invalid("first message: chunk (expected: metadata)");
			case PAYLOAD_NOT_SET -> throw neither();
		};
	}

	static ByteString chunk(UploadRequest request) {
		return switch (request.getPayloadCase()) {
			case CHUNK -> request.getChunk();
			case METADATA -> throw Statuses.invalid("message: metadata after the first message (expected: chunk)");
			case PAYLOAD_NOT_SET -> throw neither();
		};
	}

	private static StorageException neither() {
		return Statuses.invalid("message: neither metadata nor chunk set (expected: one of them)");
	}

	static FileInfo info(StoredFile file) {
		return FileInfo.newBuilder()
			.setName(file.name())
			.setSize(file.size())
			.setSha256(file.sha256())
			.setModifiedUnixMs(file.modifiedMillis())
			.build();
	}

}
