package io.grpckit.demo.files;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import com.google.rpc.QuotaFailure;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpckit.demo.files.storage.StorageException;

/**
 * The one place where storage failures become gRPC statuses. The storage messages are written
 * for clients (what was wrong and what was expected), so they become the description. Two kinds
 * also carry a detail of the rich error model in {@code grpc-status-details-bin}, for programs:
 * RESOURCE_EXHAUSTED a {@code google.rpc.QuotaFailure} naming the limit passed, ABORTED a
 * {@code google.rpc.ErrorInfo} saying what got in the way (reason, domain, the name concerned).
 */
final class Statuses {

	/** The domain of the ErrorInfo of ABORTED. */
	static final String DOMAIN = "files.demo.grpckit.io";

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
		Any detail = switch (ex.kind()) {
			case TOO_LARGE -> Any.pack(QuotaFailure.newBuilder()
				.addViolations(QuotaFailure.Violation.newBuilder()
					.setSubject(ex.reason())
					.setDescription(ex.getMessage()))
				.build());
			case ABORTED -> Any.pack(ErrorInfo.newBuilder()
				.setReason(ex.reason())
				.setDomain(DOMAIN)
				.putAllMetadata(ex.metadata())
				.build());
			default -> null;
		};
		if (detail == null) {
			return status.withDescription(ex.getMessage()).asRuntimeException();
		}
		return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
			.setCode(status.getCode().value())
			.setMessage(ex.getMessage())
			.addDetails(detail)
			.build());
	}

	static StorageException invalid(String description) {
		return new StorageException(StorageException.Kind.INVALID, description);
	}

}
