package io.grpckit.server.http;

import com.google.gson.JsonPrimitive;
import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.Metadata;
import io.grpc.Status;
import org.jspecify.annotations.Nullable;

/**
 * The body of a failed call: the JSON of {@code google.rpc.Status},
 * {@code {"code":5,"message":"...","details":[...]}}, as grpc-gateway writes it. The details come from
 * the {@code grpc-status-details-bin} trailer (what {@code StatusProto} and rich error models send)
 * when it is there, readable and of the same code.
 */
final class ErrorBody {

	/** The trailer of rich errors: a serialized {@code google.rpc.Status}. */
	static final Metadata.Key<byte[]> STATUS_DETAILS = Metadata.Key.of("grpc-status-details-bin",
			Metadata.BINARY_BYTE_MARSHALLER);

	private ErrorBody() {
	}

	/**
	 * The {@code google.rpc.Status} of a call's end: the code and description of {@code status},
	 * with the details of the trailer when its code is the same.
	 */
	static com.google.rpc.Status toProto(Status status, @Nullable Metadata trailers) {
		com.google.rpc.Status.Builder proto = com.google.rpc.Status.newBuilder().setCode(status.getCode().value());
		if (status.getDescription() != null) {
			proto.setMessage(status.getDescription());
		}
		byte[] details = (trailers != null) ? trailers.get(STATUS_DETAILS) : null;
		if (details != null) {
			try {
				com.google.rpc.Status sent = com.google.rpc.Status.parseFrom(details);
				// StatusProto's rule: details of another code do not describe this status
				if (sent.getCode() == status.getCode().value()) {
					proto.addAllDetails(sent.getDetailsList());
					if (status.getDescription() == null) {
						proto.setMessage(sent.getMessage());
					}
				}
			}
			catch (InvalidProtocolBufferException ex) {
				// unreadable details: the code and message still are the answer
			}
		}
		return proto.build();
	}

	/**
	 * The error body of a call's end, always with the three members (also for an empty message or
	 * no details), whatever the codec's options.
	 */
	static String json(Status status, @Nullable Metadata trailers, JsonCodec json) {
		com.google.rpc.Status proto = toProto(status, trailers);
		StringBuilder body = new StringBuilder(64 + proto.getMessage().length());
		body.append("{\"code\":").append(proto.getCode());
		body.append(",\"message\":").append(new JsonPrimitive(proto.getMessage()));
		body.append(",\"details\":[");
		for (int i = 0; i < proto.getDetailsCount(); i++) {
			body.append((i > 0) ? "," : "").append(detail(proto.getDetails(i), json));
		}
		return body.append("]}").toString();
	}

	/** A detail as {@code Any} JSON; one of a type the registry does not know keeps its bytes, in base64. */
	private static String detail(Any detail, JsonCodec json) {
		try {
			return json.print(detail);
		}
		catch (IllegalStateException ex) {
			return "{\"@type\":" + new JsonPrimitive(detail.getTypeUrl()) + ",\"value\":"
					+ new JsonPrimitive(java.util.Base64.getEncoder().encodeToString(detail.getValue().toByteArray()))
					+ "}";
		}
	}

}
