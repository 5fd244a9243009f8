package io.grpckit.server.http.openapi;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import io.grpckit.server.http.GrpcHttpRoute;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.tags.Tag;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.core.log.LogMessage;

/**
 * Adds the transcoded routes ({@code google.api.http} rules) to springdoc's OpenAPI document:
 * one operation per rule, tagged with the service's full name, with its path and query
 * parameters, request body and response schemas derived from the protobuf messages, and the
 * {@code google.rpc.Status} error body as the default response. An operation the application's
 * own controllers already document for the same path and method is left to them (they answer
 * first). Rules that OpenAPI cannot express are left out: custom HTTP methods other than
 * {@code HEAD}, {@code OPTIONS} and {@code TRACE}, and client- or bidi-streaming methods (they
 * answer 501).
 */
public final class GrpcHttpOpenApiCustomizer implements OpenApiCustomizer {

	private static final Log logger = LogFactory.getLog(GrpcHttpOpenApiCustomizer.class);

	/** A path template variable: {@code {name}} or {@code {name=shelves/*}}. */
	private static final Pattern VARIABLE = Pattern.compile("\\{([^}=]+)(?:=([^}]*))?}");

	private final List<GrpcHttpRoute> routes;

	private final boolean useProtoNames;

	private final boolean enumsAsInts;

	private final ProtoComments comments = new ProtoComments();

	/**
	 * Create a customizer for routes.
	 * @param routes the transcoded routes, e.g. the gateway's
	 * @param useProtoNames whether JSON names fields as in the proto file rather than in
	 * lowerCamelCase ({@code grpckit.server.http.json.use-proto-names})
	 * @param enumsAsInts whether JSON writes enums as numbers
	 * ({@code grpckit.server.http.json.enums-as-ints})
	 */
	public GrpcHttpOpenApiCustomizer(List<GrpcHttpRoute> routes, boolean useProtoNames, boolean enumsAsInts) {
		this.routes = List.copyOf(routes);
		this.useProtoNames = useProtoNames;
		this.enumsAsInts = enumsAsInts;
	}

	@Override
	public void customise(OpenAPI openApi) {
		// built anew for each document: springdoc may edit the document after customizers ran
		MessageSchemas schemas = new MessageSchemas(this.useProtoNames, this.enumsAsInts, this.comments);
		RouteOperations operations = new RouteOperations(schemas, this.comments);
		Paths paths = (openApi.getPaths() != null) ? openApi.getPaths() : new Paths();
		Set<String> theirs = new HashSet<>();
		Set<String> operationIds = new HashSet<>();
		paths.forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
			theirs.add(key(path, method));
			operationIds.add(operation.getOperationId());
		}));
		Set<String> ours = new HashSet<>();
		List<ServiceDescriptor> services = new ArrayList<>();
		for (GrpcHttpRoute route : this.routes) {
			MethodDescriptor method = route.method();
			PathItem.HttpMethod httpMethod = httpMethod(route.httpMethod());
			if (method.isClientStreaming() || httpMethod == null) {
				logger.debug(LogMessage.format("Not documenting %s %s (%s): %s", route.httpMethod(),
						route.pathTemplate(), method.getFullName(),
						(httpMethod == null) ? "OpenAPI has no such method" : "client streaming is not transcoded"));
				continue;
			}
			if (theirs.contains(key(openApiPath(route.pathTemplate(), 0), httpMethod))) {
				// the application's own controller: it answers first
				continue;
			}
			// two templates OpenAPI writes alike ({name=shelves/*} and {name=shelves/*/books/*}):
			// number the variables of the later one, as grpc-gateway's generator does
			int suffix = 0;
			while (ours.contains(key(openApiPath(route.pathTemplate(), suffix), httpMethod))) {
				suffix++;
			}
			String path = openApiPath(route.pathTemplate(), suffix);
			ours.add(key(path, httpMethod));
			Operation operation = operations.operation(route, pathVariables(route.pathTemplate(), suffix),
					operationId(method, operationIds));
			paths.computeIfAbsent(path, (p) -> new PathItem()).operation(httpMethod, operation);
			if (!services.contains(method.getService())) {
				services.add(method.getService());
			}
		}
		if (services.isEmpty()) {
			return;
		}
		openApi.setPaths(paths);
		if (openApi.getComponents() == null) {
			openApi.setComponents(new Components());
		}
		for (Map.Entry<String, Schema<?>> schema : schemas.components().entrySet()) {
			Map<String, Schema> existing = openApi.getComponents().getSchemas();
			if (existing == null || !existing.containsKey(schema.getKey())) {
				openApi.getComponents().addSchemas(schema.getKey(), schema.getValue());
			}
		}
		for (ServiceDescriptor service : services) {
			if (openApi.getTags() == null
					|| openApi.getTags().stream().noneMatch((tag) -> service.getFullName().equals(tag.getName()))) {
				openApi.addTagsItem(new Tag().name(service.getFullName()).description(this.comments.of(service)));
			}
		}
	}

	/**
	 * The path as OpenAPI writes it: each variable by its field path alone, as OpenAPI has no
	 * multi-segment parameters ({@code /v1/{name=shelves/*}/books} is {@code /v1/{name}/books}).
	 */
	static String openApiPath(String template, int suffix) {
		Matcher matcher = VARIABLE.matcher(template);
		StringBuilder path = new StringBuilder();
		while (matcher.find()) {
			matcher.appendReplacement(path,
					Matcher.quoteReplacement("{" + parameterName(matcher.group(1), suffix) + "}"));
		}
		matcher.appendTail(path);
		return path.toString();
	}

	/** The template's variables: parameter name, field path and pattern ({@code *} when none). */
	static List<PathVariable> pathVariables(String template, int suffix) {
		List<PathVariable> variables = new ArrayList<>();
		Matcher matcher = VARIABLE.matcher(template);
		while (matcher.find()) {
			String pattern = (matcher.group(2) != null) ? matcher.group(2) : "*";
			variables.add(new PathVariable(parameterName(matcher.group(1), suffix), matcher.group(1), pattern));
		}
		return variables;
	}

	private static String parameterName(String fieldPath, int suffix) {
		return (suffix == 0) ? fieldPath : fieldPath + "_" + suffix;
	}

	private static String key(String path, PathItem.HttpMethod method) {
		return method + " " + path;
	}

	private static PathItem.@Nullable HttpMethod httpMethod(String name) {
		try {
			return PathItem.HttpMethod.valueOf(name.toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	/** {@code Service_Method}, numbered from 2 for its additional bindings, as grpc-gateway does. */
	private static String operationId(MethodDescriptor method, Set<String> taken) {
		String base = method.getService().getName() + "_" + method.getName();
		String id = base;
		for (int n = 2; !taken.add(id); n++) {
			id = base + n;
		}
		return id;
	}

	/**
	 * A variable of a path template.
	 * @param parameter the OpenAPI parameter name
	 * @param fieldPath the request field it binds, proto names, e.g. {@code book.name}
	 * @param pattern the segments it matches, e.g. {@code *} or {@code shelves/*}
	 */
	record PathVariable(String parameter, String fieldPath, String pattern) {

		/** Whether the value may hold slashes ({@code **} or several segments). */
		boolean multiSegment() {
			return this.pattern.contains("/") || this.pattern.contains("**");
		}

	}

}
