package io.grpckit.server.error;

import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.protobuf.StatusProto;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * {@code com.google.rpc.Status} as a handler's answer, sent as grpc-protobuf's
 * {@link StatusProto} sends it: its code and message as the gRPC status, the whole message as
 * the {@code grpc-status-details-bin} trailer. Only touched when grpc-protobuf is present, as
 * the kit's library is optional.
 */
final class RichStatuses {

	static final boolean PRESENT = ClassUtils.isPresent("io.grpc.protobuf.StatusProto",
			RichStatuses.class.getClassLoader());

	private RichStatuses() {
	}

	static boolean isRichStatus(Object result) {
		return PRESENT && result instanceof com.google.rpc.Status;
	}

	/**
	 * The status exception of a {@code com.google.rpc.Status}, or {@code null} when its code is
	 * not one of gRPC's.
	 */
	static @Nullable StatusException toException(Object result) {
		com.google.rpc.Status rich = (com.google.rpc.Status) result;
		if (Status.fromCodeValue(rich.getCode()).getCode().value() != rich.getCode()) {
			return null;
		}
		return StatusProto.toStatusException(rich);
	}

	/** The code of a {@code com.google.rpc.Status}, for a log line. */
	static int code(Object result) {
		return ((com.google.rpc.Status) result).getCode();
	}

}
