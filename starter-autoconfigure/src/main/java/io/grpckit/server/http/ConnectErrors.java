package io.grpckit.server.http;

import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParser;
import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import io.grpc.Metadata;
import io.grpc.Status;

/**
 * Connect's JSON for errors and for the end of a stream. Its codes are gRPC's in snake case
 * ({@code CANCELLED} is spelled {@code canceled}); details are the {@code google.rpc.Status}
 * details, each as its type name and its base64 bytes.
 */
final class ConnectErrors {

	private static final Metadata.Key<byte[]> DETAILS = Metadata.Key.of("grpc-status-details-bin",
			Metadata.BINARY_BYTE_MARSHALLER);

	private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

	private ConnectErrors() {
	}

	/**
	 * Return Connect's name of a code.
	 * @param code the gRPC code
	 * @return the name, e.g. {@code invalid_argument}
	 */
	static String code(Status.Code code) {
		return (code == Status.Code.CANCELLED) ? "canceled" : code.name().toLowerCase(Locale.ROOT);
	}

	/**
	 * The error object of a failed call.
	 * @param status the call's status, not OK
	 * @param trailers the call's trailers, where the details are
	 * @return the JSON text
	 */
	static String json(Status status, Metadata trailers) {
		return print(Value.newBuilder().setStructValue(error(status, trailers)).build());
	}

	/**
	 * The end-of-stream message: the error when the call failed, and the trailers.
	 * @param status the call's status
	 * @param trailers the call's trailers
	 * @return the JSON text
	 */
	static String endOfStream(Status status, Metadata trailers) {
		Struct.Builder end = Struct.newBuilder();
		if (!status.isOk()) {
			end.putFields("error", Value.newBuilder().setStructValue(error(status, trailers)).build());
		}
		Map<String, List<String>> metadata = MetadataHeaders.toHttp(trailers, "");
		if (!metadata.isEmpty()) {
			Struct.Builder fields = Struct.newBuilder();
			metadata.forEach((name, values) -> fields.putFields(name, strings(values)));
			end.putFields("metadata", Value.newBuilder().setStructValue(fields).build());
		}
		return print(Value.newBuilder().setStructValue(end).build());
	}

	private static Struct error(Status status, Metadata trailers) {
		Struct.Builder error = Struct.newBuilder().putFields("code", text(code(status.getCode())));
		if (status.getDescription() != null) {
			error.putFields("message", text(status.getDescription()));
		}
		byte[] details = trailers.get(DETAILS);
		if (details != null) {
			try {
				com.google.rpc.Status rich = com.google.rpc.Status.parseFrom(details);
				ListValue.Builder list = ListValue.newBuilder();
				for (Any detail : rich.getDetailsList()) {
					String type = detail.getTypeUrl().substring(detail.getTypeUrl().lastIndexOf('/') + 1);
					list.addValues(Value.newBuilder()
						.setStructValue(Struct.newBuilder()
							.putFields("type", text(type))
							.putFields("value", text(Base64.getEncoder()
								.withoutPadding()
								.encodeToString(detail.getValue().toByteArray())))));
				}
				if (list.getValuesCount() > 0) {
					error.putFields("details", Value.newBuilder().setListValue(list).build());
				}
			}
			catch (InvalidProtocolBufferException ex) {
				// unreadable details: the code and message still reach the client
			}
		}
		return error.build();
	}

	private static Value strings(List<String> values) {
		ListValue.Builder list = ListValue.newBuilder();
		values.forEach((value) -> list.addValues(text(value)));
		return Value.newBuilder().setListValue(list).build();
	}

	private static Value text(String text) {
		return Value.newBuilder().setStringValue(text).build();
	}

	private static String print(Value value) {
		try {
			// JsonFormat escapes ', = and < as \u0027...: valid JSON, but not what curl users expect to read
			String json = JsonFormat.printer().omittingInsignificantWhitespace().print(value);
			return GSON.toJson(JsonParser.parseString(json));
		}
		catch (InvalidProtocolBufferException ex) {
			throw new IllegalStateException("A Struct always prints", ex);
		}
	}

}
