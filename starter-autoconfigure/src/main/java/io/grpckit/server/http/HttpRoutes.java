package io.grpckit.server.http;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.google.api.AnnotationsProto;
import com.google.api.HttpRule;
import com.google.protobuf.DescriptorProtos.MethodOptions;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.google.protobuf.ExtensionRegistry;
import com.google.protobuf.InvalidProtocolBufferException;
import org.jspecify.annotations.Nullable;

/**
 * The transcoding routes of a set of services, read from the {@code google.api.http} option of
 * their methods (the primary rule and its {@code additional_bindings}). Built once at start-up,
 * where a wrong or conflicting rule fails with a message naming the methods; then matched for each
 * request.
 * <p>
 * When two routes of one HTTP method could match the same path, the more specific one wins, the
 * same way every time: comparing segments from the left, a literal before {@code *} before
 * {@code **}, then the shorter template, then the one with a custom verb (see
 * {@link PathTemplate#compareSpecificity}). So {@code GET /v1/files} beats
 * {@code GET /v1/files/{name=**}} for {@code /v1/files}.
 */
final class HttpRoutes {

	private static final Comparator<HttpRoute> PRIORITY = ((Comparator<HttpRoute>) (a, b) -> a.template()
		.compareSpecificity(b.template())).thenComparing((route) -> route.template().shape())
		.thenComparing(HttpRoute::fullMethodName);

	private final List<HttpRoute> routes;

	/** Per HTTP method, its routes in the order they are tried. */
	private final Map<String, List<HttpRoute>> byHttpMethod;

	private HttpRoutes(List<HttpRoute> routes) {
		this.routes = List.copyOf(routes);
		Map<String, List<HttpRoute>> byHttpMethod = new HashMap<>();
		for (HttpRoute route : routes) {
			byHttpMethod.computeIfAbsent(route.httpMethod(), (key) -> new ArrayList<>()).add(route);
		}
		byHttpMethod.replaceAll((httpMethod, list) -> list.stream().sorted(PRIORITY).toList());
		this.byHttpMethod = Map.copyOf(byHttpMethod);
	}

	/**
	 * The routes of the services' methods that carry a {@code google.api.http} option; methods
	 * without one are not transcoded.
	 * @throws IllegalStateException when a rule is invalid (its template, a field it names, a nested
	 * additional binding) or two routes conflict; the message names the methods and the route
	 */
	static HttpRoutes of(List<ServiceDescriptor> services) {
		List<HttpRoute> routes = new ArrayList<>();
		for (ServiceDescriptor service : services) {
			for (MethodDescriptor method : service.getMethods()) {
				HttpRule rule = httpRule(method);
				if (rule == null) {
					continue;
				}
				routes.add(route(method, rule));
				for (HttpRule binding : rule.getAdditionalBindingsList()) {
					if (binding.getAdditionalBindingsCount() > 0) {
						// http.proto: additional bindings nest one level only (grpc-gateway refuses too)
						throw new IllegalStateException("HTTP rule of " + fullName(method)
								+ ": an additional binding has additional bindings of its own");
					}
					routes.add(route(method, binding));
				}
			}
		}
		return ofRoutes(routes);
	}

	/**
	 * Routes built already.
	 * @throws IllegalStateException when two of them conflict
	 */
	static HttpRoutes ofRoutes(Iterable<HttpRoute> routes) {
		Map<String, HttpRoute> byShape = new LinkedHashMap<>();
		List<HttpRoute> all = new ArrayList<>();
		for (HttpRoute route : routes) {
			String key = route.httpMethod() + " " + route.template().shape();
			HttpRoute existing = byShape.putIfAbsent(key, route);
			if (existing != null) {
				throw new IllegalStateException("Conflicting HTTP routes: " + existing.httpMethod() + " "
						+ existing.template() + " of " + existing.fullMethodName() + " and " + route.httpMethod()
						+ " " + route.template() + " of " + route.fullMethodName() + " match the same requests ("
						+ key + ")");
			}
			all.add(route);
		}
		return new HttpRoutes(all);
	}

	private static @Nullable HttpRule httpRule(MethodDescriptor method) {
		MethodOptions options = method.getOptions();
		if (options.hasExtension(AnnotationsProto.http)) {
			return options.getExtension(AnnotationsProto.http);
		}
		if (!options.getUnknownFields().hasField(AnnotationsProto.HTTP_FIELD_NUMBER)) {
			return null;
		}
		// Descriptors built at run time (not generated code) keep the option as an unknown field.
		ExtensionRegistry registry = ExtensionRegistry.newInstance();
		registry.add(AnnotationsProto.http);
		try {
			return MethodOptions.parseFrom(options.toByteString(), registry).getExtension(AnnotationsProto.http);
		}
		catch (InvalidProtocolBufferException ex) {
			throw new IllegalStateException("HTTP rule of " + fullName(method) + " cannot be read", ex);
		}
	}

	private static HttpRoute route(MethodDescriptor method, HttpRule rule) {
		String httpMethod = switch (rule.getPatternCase()) {
			case GET, PUT, POST, DELETE, PATCH -> rule.getPatternCase().name();
			case CUSTOM -> rule.getCustom().getKind();
			case PATTERN_NOT_SET -> throw new IllegalStateException("HTTP rule of " + fullName(method) + " has no path");
		};
		String path = switch (rule.getPatternCase()) {
			case GET -> rule.getGet();
			case PUT -> rule.getPut();
			case POST -> rule.getPost();
			case DELETE -> rule.getDelete();
			case PATCH -> rule.getPatch();
			default -> rule.getCustom().getPath();
		};
		if (httpMethod.isEmpty()) {
			throw new IllegalStateException("HTTP rule of " + fullName(method) + ": a custom rule without kind");
		}
		PathTemplate template;
		try {
			template = PathTemplate.parse(path);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("HTTP rule " + httpMethod + " of " + fullName(method) + ": "
					+ ex.getMessage());
		}
		return new HttpRoute(httpMethod, template, method, rule.getBody(), rule.getResponseBody());
	}

	private static String fullName(MethodDescriptor method) {
		return method.getService().getFullName() + "/" + method.getName();
	}

	/**
	 * The route of a request, or {@code null} when no route of this HTTP method matches the path.
	 * @param rawPath the path as sent (percent-encoded), without query and context path
	 */
	@Nullable RouteMatch match(String httpMethod, String rawPath) {
		List<HttpRoute> candidates = this.byHttpMethod.get(httpMethod);
		List<String> segments = PathTemplate.split(rawPath);
		if (candidates == null || segments == null) {
			return null;
		}
		for (HttpRoute route : candidates) {
			Map<String, String> variables = route.template().match(segments);
			if (variables != null) {
				return new RouteMatch(route, variables);
			}
		}
		return null;
	}

	/** Whether a route of any HTTP method matches the path: then another method is a 405, not a 404. */
	boolean matchesPath(String rawPath) {
		return !allowedMethods(rawPath).isEmpty();
	}

	/** The HTTP methods that have a route for this path, for a 405's {@code Allow} header. */
	Set<String> allowedMethods(String rawPath) {
		Set<String> allowed = new LinkedHashSet<>();
		List<String> segments = PathTemplate.split(rawPath);
		if (segments == null) {
			return allowed;
		}
		for (HttpRoute route : this.routes) {
			if (!allowed.contains(route.httpMethod()) && route.template().match(segments) != null) {
				allowed.add(route.httpMethod());
			}
		}
		return allowed;
	}

	/** All routes, in the order the services and rules were given (for OpenAPI). */
	List<HttpRoute> routes() {
		return this.routes;
	}

	boolean isEmpty() {
		return this.routes.isEmpty();
	}

}
