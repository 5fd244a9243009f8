package io.grpckit.server.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Message;
import org.jspecify.annotations.Nullable;

/**
 * One HttpRule (the primary one or an additional binding) of one method: the HTTP method, the path
 * template, which request field the body fills ({@code ""} none, {@code "*"} the whole message, or a
 * top-level field) and which response field is the response body ({@code ""} the whole message).
 * The constructor checks the rule against the method's messages, so a wrong rule fails start-up.
 */
final class HttpRoute {

	private final String httpMethod;

	private final PathTemplate template;

	private final MethodDescriptor method;

	private final String body;

	private final String responseBody;

	private final String fullMethodName;

	private final @Nullable FieldDescriptor bodyField;

	private final @Nullable FieldDescriptor responseBodyField;

	/** Each path variable's field path, resolved to the fields from the request message down. */
	private final Map<String, List<FieldDescriptor>> pathFields;

	/**
	 * Creates a route and checks it.
	 * @throws IllegalStateException naming the method when a path variable, the body or the
	 * response body names no suitable field
	 */
	HttpRoute(String httpMethod, PathTemplate template, MethodDescriptor method, String body, String responseBody) {
		this.httpMethod = httpMethod;
		this.template = template;
		this.method = method;
		this.body = body;
		this.responseBody = responseBody;
		this.fullMethodName = method.getService().getFullName() + "/" + method.getName();
		Descriptor request = method.getInputType();
		this.bodyField = (body.isEmpty() || body.equals("*")) ? null : topLevelField(request, body, "body");
		this.responseBodyField = responseBody.isEmpty() ? null
				: topLevelField(method.getOutputType(), responseBody, "response_body");
		Map<String, List<FieldDescriptor>> pathFields = new LinkedHashMap<>();
		for (String fieldPath : template.fieldPaths()) {
			pathFields.put(fieldPath, pathVariableFields(request, fieldPath));
		}
		this.pathFields = Map.copyOf(pathFields);
	}

	private FieldDescriptor topLevelField(Descriptor type, String name, String what) {
		FieldDescriptor field = type.findFieldByName(name);
		if (field == null) {
			throw invalid(what + " \"" + name + "\" is not a field of " + type.getFullName());
		}
		return field;
	}

	/** http.proto: a path variable names a singular field of a scalar type, through singular messages. */
	private List<FieldDescriptor> pathVariableFields(Descriptor request, String fieldPath) {
		List<FieldDescriptor> fields = new ArrayList<>();
		@Nullable Descriptor type = request;
		String[] names = fieldPath.split("\\.");
		for (int i = 0; i < names.length; i++) {
			String variable = "path variable {" + fieldPath + "}";
			if (type == null) {
				throw invalid(variable + ": field \"" + fields.get(i - 1).getFullName() + "\" is not a message");
			}
			FieldDescriptor field = type.findFieldByName(names[i]);
			if (field == null) {
				throw invalid(variable + ": \"" + names[i] + "\" is not a field of " + type.getFullName());
			}
			if (field.isRepeated()) {
				throw invalid(variable + ": field \"" + field.getFullName() + "\" is repeated");
			}
			boolean last = i == names.length - 1;
			boolean message = field.getJavaType() == FieldDescriptor.JavaType.MESSAGE;
			if (last && message && !FieldValues.hasTextForm(field.getMessageType())) {
				throw invalid(variable + ": field \"" + field.getFullName() + "\" is a message");
			}
			fields.add(field);
			type = message ? field.getMessageType() : null;
		}
		return List.copyOf(fields);
	}

	private IllegalStateException invalid(String reason) {
		return new IllegalStateException(
				"HTTP rule " + this.httpMethod + " " + this.template + " of " + this.fullMethodName + ": " + reason);
	}

	/** GET, PUT, POST, DELETE, PATCH, or a custom rule's kind as written. */
	String httpMethod() {
		return this.httpMethod;
	}

	PathTemplate template() {
		return this.template;
	}

	MethodDescriptor method() {
		return this.method;
	}

	/** The gRPC method's full name, {@code pkg.Service/Method}. */
	String fullMethodName() {
		return this.fullMethodName;
	}

	/** The rule's {@code body}: {@code ""}, {@code "*"} or a top-level request field. */
	String body() {
		return this.body;
	}

	/** The rule's {@code response_body}: {@code ""} or a top-level response field. */
	String responseBody() {
		return this.responseBody;
	}

	/** The request field the body fills, when {@link #body()} names one. */
	@Nullable FieldDescriptor bodyField() {
		return this.bodyField;
	}

	/** The response field that is the response body, when {@link #responseBody()} names one. */
	@Nullable FieldDescriptor responseBodyField() {
		return this.responseBodyField;
	}

	/** The fields a path variable ({@code "book.name"}) sets, from the request message down. */
	List<FieldDescriptor> pathFields(String fieldPath) {
		List<FieldDescriptor> fields = this.pathFields.get(fieldPath);
		if (fields == null) {
			throw new IllegalArgumentException("no path variable {" + fieldPath + "} in " + this.template);
		}
		return fields;
	}

	/** Client and bidi streaming are not transcoded: such a route answers 501 UNIMPLEMENTED. */
	boolean isClientStreaming() {
		return this.method.isClientStreaming();
	}

	/** Server streaming answers with one JSON message per line (or event). */
	boolean isServerStreaming() {
		return this.method.isServerStreaming();
	}

	/** The JSON of a response: the whole message, or the {@code response_body} field's value. */
	String responseJson(Message response, JsonCodec json) {
		return (this.responseBodyField != null) ? json.printField(response, this.responseBodyField)
				: json.print(response);
	}

	@Override
	public String toString() {
		return this.httpMethod + " " + this.template + " (" + this.fullMethodName + ")";
	}

}
