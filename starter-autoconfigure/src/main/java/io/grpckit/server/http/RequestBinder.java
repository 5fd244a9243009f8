package io.grpckit.server.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import org.jspecify.annotations.Nullable;

/**
 * Builds a method's request message from an HTTP request, in the order of {@code http.proto}: the
 * body as the rule says ({@code "*"}: the whole message; a field: that field; none: the body is not
 * read, as in grpc-gateway), then the path variables (they win over the body), then the query
 * parameters for every field neither bound (none at all with {@code body: "*"}).
 */
final class RequestBinder {

	private RequestBinder() {
	}

	/**
	 * Fills a builder of the method's request type.
	 * @param rawQuery the query as sent, without {@code ?}, or {@code null}
	 * @param body the request body, empty when there is none
	 * @throws HttpBindingException when a part of the request does not fit the message; its message
	 * names the part and the field
	 */
	static void bind(RouteMatch match, Message.Builder builder, @Nullable String rawQuery, byte[] body,
			JsonCodec json) {
		HttpRoute route = match.route();
		FieldDescriptor bodyField = route.bodyField();
		if (route.body().equals("*")) {
			json.merge(body, builder);
		}
		else if (bodyField != null) {
			json.mergeField(body, builder, bodyField);
		}
		List<String> bound = new ArrayList<>();
		for (Map.Entry<String, String> variable : match.pathVariables().entrySet()) {
			String source = "path variable " + FieldValues.quote(variable.getKey());
			if (variable.getValue().isEmpty()) {
				throw new HttpBindingException(source + " is empty");
			}
			FieldValues.set(builder, route.pathFields(variable.getKey()), List.of(variable.getValue()), source);
			bound.add(variable.getKey());
		}
		if (bodyField != null) {
			bound.add(bodyField.getName());
		}
		// body "*" takes every field that the path does not: there is nothing left for the query
		if (rawQuery != null && !rawQuery.isEmpty() && !route.body().equals("*")) {
			QueryParameters.bind(builder, rawQuery, bound);
		}
	}

}
