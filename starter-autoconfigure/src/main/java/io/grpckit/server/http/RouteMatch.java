package io.grpckit.server.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request's route and the values of its path variables, by field path ({@code "book.name"}),
 * percent-decoded as {@code http.proto} says. A value can be empty; {@link RequestBinder} refuses it.
 */
record RouteMatch(HttpRoute route, Map<String, String> pathVariables) {

	RouteMatch {
		// in template order, so binding (and its first error) is deterministic
		pathVariables = Collections.unmodifiableMap(new LinkedHashMap<>(pathVariables));
	}

}
