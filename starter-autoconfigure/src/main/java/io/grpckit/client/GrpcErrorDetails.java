package io.grpckit.client;

import java.util.Optional;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.grpc.protobuf.StatusProto;

/**
 * Reads the details of a failed call: the messages packed in the {@code google.rpc.Status} that
 * a server sends in the {@code grpc-status-details-bin} trailer ({@code BadRequest},
 * {@code ErrorInfo}, {@code RetryInfo}, {@code QuotaFailure}, ...). For everything else about
 * the rich status, use grpc-protobuf's {@link StatusProto#fromThrowable(Throwable)}.
 * <pre class="code">
 * catch (StatusRuntimeException ex) {
 *     GrpcErrorDetails.find(ex, BadRequest.class)
 *         .ifPresent((bad) -&gt; bad.getFieldViolationsList().forEach(this::show));
 * }
 * </pre>
 */
public final class GrpcErrorDetails {

	private GrpcErrorDetails() {
	}

	/**
	 * Find the first detail of the given type in the status that ended a call.
	 * @param failure the exception of the call (a {@code StatusRuntimeException} or
	 * {@code StatusException}, or one that has it as a cause)
	 * @param type the detail's message type
	 * @param <T> the detail's message type
	 * @return the detail, or empty when the call's status has no readable detail of the type
	 */
	public static <T extends Message> Optional<T> find(Throwable failure, Class<T> type) {
		com.google.rpc.Status status = StatusProto.fromThrowable(failure);
		if (status == null) {
			return Optional.empty();
		}
		for (Any detail : status.getDetailsList()) {
			if (detail.is(type)) {
				try {
					return Optional.of(detail.unpack(type));
				}
				catch (InvalidProtocolBufferException ex) {
					// a detail of the type that does not parse: look on
				}
			}
		}
		return Optional.empty();
	}

}
