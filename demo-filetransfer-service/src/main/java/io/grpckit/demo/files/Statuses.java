package io.grpckit.demo.files;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpckit.demo.files.storage.StorageException;

/**
 * The one place where storage failures become gRPC statuses. The storage messages are written
 * for clients (what was wrong and what was expected), so they become the description.
 */
final class Statuses {

	private Statuses() {
	}

	static StatusRuntimeException of(StorageException ex) {
		Status status = switch (ex.kind()) {
			case INVALID -> Status.INVALID_ARGUMENT;
			case NOT_FOUND -> Status.NOT_FOUND;
			case PRECONDITION -> Status.FAILED_PRECONDITION;
			case ABORTED -> Status.ABORTED;
			case DATA_LOSS -> Status.DATA_LOSS;
			case TOO_LARGE -> Status.RESOURCE_EXHAUSTED;
			case OUT_OF_RANGE -> Status.OUT_OF_RANGE;
		};
		return status.withDescription(ex.getMessage()).asRuntimeException();
	}

	static StorageException invalid(String description) {
		return new StorageException(StorageException.Kind.INVALID, description);
	}

}
