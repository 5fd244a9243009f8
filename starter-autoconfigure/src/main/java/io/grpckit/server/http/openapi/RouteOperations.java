package io.grpckit.server.http.openapi;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import io.grpckit.server.http.GrpcHttpRoute;
import io.grpckit.server.http.openapi.GrpcHttpOpenApiCustomizer.PathVariable;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.jspecify.annotations.Nullable;

/**
 * The OpenAPI operation of one transcoded route, by the rules the route engine binds a request
 * with: path variables, then the body ({@code *} or a field), then query parameters for every
 * other field (nested as {@code a.b}, repeated by repeating the key, a map entry as
 * {@code labels[key]}).
 */
final class RouteOperations {

	private static final String ERROR_DESCRIPTION = "An error: the google.rpc.Status JSON, "
			+ "with the HTTP status of its gRPC code (INVALID_ARGUMENT 400, NOT_FOUND 404, ...)";

	private final MessageSchemas schemas;

	private final ProtoComments comments;

	RouteOperations(MessageSchemas schemas, ProtoComments comments) {
		this.schemas = schemas;
		this.comments = comments;
	}

	Operation operation(GrpcHttpRoute route, List<PathVariable> variables, String operationId) {
		MethodDescriptor method = route.method();
		String comment = this.comments.of(method);
		String summary = (comment != null) ? comment.lines().findFirst().orElse(method.getName()) : method.getName();
		String call = "Calls the gRPC method `" + method.getService().getFullName() + "/" + method.getName() + "`.";
		Operation operation = new Operation().operationId(operationId)
			.addTagsItem(method.getService().getFullName())
			.summary(summary)
			.description((comment != null) ? comment + "\n\n" + call : call);
		Descriptor input = method.getInputType();
		Set<String> bound = new HashSet<>();
		for (PathVariable variable : variables) {
			bound.add(variable.fieldPath());
			operation.addParametersItem(pathParameter(input, variable));
		}
		if (!route.body().isEmpty()) {
			bound.add(route.body());
			Schema<?> body = route.body().equals("*") ? this.schemas.message(input)
					: this.schemas.field(field(input, route.body()));
			operation.requestBody(new RequestBody().required(true).content(json(body)));
		}
		if (!route.body().equals("*")) {
			queryParameters(input, "", "", bound, new ArrayList<>(List.of(input)))
				.forEach(operation::addParametersItem);
		}
		Schema<?> response = route.responseBody().isEmpty() ? this.schemas.message(method.getOutputType())
				: this.schemas.field(field(method.getOutputType(), route.responseBody()));
		ApiResponse ok = route.serverStreaming() ? streamResponse(response) : new ApiResponse().description("OK")
			.content(json(response));
		ApiResponse error = new ApiResponse().description(ERROR_DESCRIPTION)
			.content(json(this.schemas.message(com.google.rpc.Status.getDescriptor())));
		return operation.responses(new ApiResponses().addApiResponse("200", ok).addApiResponse("default", error));
	}

	private static ApiResponse streamResponse(Schema<?> message) {
		return new ApiResponse()
			.description("A stream of messages as the service sends them: one JSON message per line "
					+ "(application/x-ndjson), or one server-sent event per message with Accept: text/event-stream. "
					+ "A failure after the first message ends the stream with a last line {\"error\": <google.rpc.Status>} "
					+ "(an event named error).")
			.content(new Content().addMediaType("application/x-ndjson", new MediaType().schema(message))
				.addMediaType("text/event-stream", new MediaType().schema(message)));
	}

	private Parameter pathParameter(Descriptor input, PathVariable variable) {
		FieldDescriptor field = field(input, variable.fieldPath());
		String description = this.comments.of(field);
		if (!variable.parameter().equals(variable.fieldPath())) {
			description = join(description, "Binds the field " + variable.fieldPath() + ".");
		}
		if (variable.multiSegment()) {
			// OpenAPI has no multi-segment parameters: say what the template does
			description = join(description, "Matches " + variable.pattern() + ": the value contains slashes, sent "
					+ "as they are (not as %2F).");
		}
		return new Parameter().in("path")
			.name(variable.parameter())
			.required(true)
			.description(description)
			.schema(this.schemas.singular(field));
	}

	/**
	 * The query parameters of the fields the path and body left unbound.
	 * @param visiting the messages the walk is inside, so that a message refering to itself ends
	 */
	private List<Parameter> queryParameters(Descriptor type, String prefix, String protoPrefix, Set<String> bound,
			List<Descriptor> visiting) {
		List<Parameter> parameters = new ArrayList<>();
		for (FieldDescriptor field : type.getFields()) {
			String fieldPath = protoPrefix + field.getName();
			if (bound.contains(fieldPath)) {
				continue;
			}
			String name = prefix + this.schemas.name(field);
			if (field.isMapField()) {
				FieldDescriptor value = field.getMessageType().findFieldByNumber(2);
				if (!isMessageValued(value)) {
					parameters.add(queryParameter(name, field).style(Parameter.StyleEnum.DEEPOBJECT).explode(true));
				}
			}
			else if (isMessageValued(field)) {
				Descriptor nested = field.getMessageType();
				boolean wellKnown = nested.getFile().getPackage().equals("google.protobuf");
				if (!field.isRepeated() && !wellKnown && !visiting.contains(nested)) {
					visiting.add(nested);
					parameters.addAll(queryParameters(nested, name + ".", fieldPath + ".", bound, visiting));
					visiting.remove(nested);
				}
			}
			else {
				parameters.add(queryParameter(name, field));
			}
		}
		return parameters;
	}

	private Parameter queryParameter(String name, FieldDescriptor field) {
		Schema<?> schema = this.schemas.field(field);
		// the field's description belongs to the parameter
		String description = schema.getDescription();
		schema.setDescription(null);
		return new Parameter().in("query").name(name).description(description).schema(schema);
	}

	/** A message field that a query parameter cannot carry as text (a nested message). */
	private static boolean isMessageValued(FieldDescriptor field) {
		return field.getJavaType() == FieldDescriptor.JavaType.MESSAGE
				&& !MessageSchemas.hasScalarForm(field.getMessageType());
	}

	/** The field at a path of proto names ({@code book.name}); the route engine checked it exists. */
	private static FieldDescriptor field(Descriptor request, String path) {
		Descriptor type = request;
		String[] names = path.split("\\.");
		for (int i = 0;; i++) {
			FieldDescriptor field = type.findFieldByName(names[i]);
			if (field == null) {
				throw new IllegalStateException("No field " + path + " in " + request.getFullName());
			}
			if (i == names.length - 1) {
				return field;
			}
			type = field.getMessageType();
		}
	}

	private static Content json(Schema<?> schema) {
		return new Content().addMediaType("application/json", new MediaType().schema(schema));
	}

	private static String join(@Nullable String first, String second) {
		return (first != null) ? first + "\n\n" + second : second;
	}

}
