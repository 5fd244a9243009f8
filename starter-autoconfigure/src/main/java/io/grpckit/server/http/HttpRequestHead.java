package io.grpckit.server.http;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * What a web adapter knows of an HTTP request before it reads the body.
 *
 * @param method the HTTP method, upper case
 * @param path the raw (still percent-encoded) path, without the application's context path
 * @param query the raw query string, or {@code null} without one
 * @param headers the request headers, names compared without regard to case
 */
public record HttpRequestHead(String method, String path, @Nullable String query, Map<String, List<String>> headers) {

	/**
	 * Create a head; the headers are copied into a case-insensitive map.
	 * @param method the HTTP method
	 * @param path the raw path
	 * @param query the raw query string, or {@code null}
	 * @param headers the request headers
	 */
	public HttpRequestHead {
		TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		headers.forEach((name, values) -> copy.computeIfAbsent(name, (key) -> new java.util.ArrayList<>()).addAll(values));
		headers = Collections.unmodifiableMap(copy);
	}

	/**
	 * Return the first value of a header.
	 * @param name the header name, in any case
	 * @return the first value, or {@code null} when the header is absent
	 */
	public @Nullable String header(String name) {
		List<String> values = this.headers.get(name);
		return (values == null || values.isEmpty()) ? null : values.get(0);
	}

}
