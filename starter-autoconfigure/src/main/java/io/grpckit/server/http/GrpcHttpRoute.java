package io.grpckit.server.http;

import java.util.List;

import com.google.protobuf.Descriptors;

/**
 * One transcoded route, as the gateway serves it, e.g. to document it (OpenAPI).
 *
 * @param httpMethod the HTTP method, e.g. {@code GET}, or the custom kind
 * @param pathTemplate the path template as the rule writes it, e.g.
 * {@code /v1/files/{name=**}}
 * @param pathVariables the field paths the path binds, in order, e.g. {@code name}
 * @param method the protobuf method it calls
 * @param body {@code ""} (no body), {@code "*"} (the whole request) or the field the body
 * binds
 * @param responseBody {@code ""} (the whole response) or the response field the body is
 * @param serverStreaming whether the method streams its responses (NDJSON or server-sent
 * events)
 */
public record GrpcHttpRoute(String httpMethod, String pathTemplate, List<String> pathVariables,
		Descriptors.MethodDescriptor method, String body, String responseBody, boolean serverStreaming) {

	public GrpcHttpRoute {
		pathVariables = List.copyOf(pathVariables);
	}

	static GrpcHttpRoute of(HttpRoute route) {
		return new GrpcHttpRoute(route.httpMethod(), route.template().toString(), route.template().fieldPaths(),
				route.method(), route.body(), route.responseBody(), route.isServerStreaming());
	}

}
