package io.grpckit.server.http;

import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

import io.grpc.Metadata;

import org.springframework.util.PatternMatchUtils;

/**
 * The request metadata of an HTTP call, from its headers.
 */
final class RequestMetadata {

	private static final String GATEWAY_PREFIX = "grpc-metadata-";

	/**
	 * Headers never forwarded: HTTP's own (hop by hop, framing, content negotiation), the
	 * protocols' own, and cookies (a browser's session must not become gRPC credentials
	 * unless asked for).
	 */
	private static final Set<String> RESERVED = Set.of("host", "connection", "keep-alive", "proxy-connection",
			"transfer-encoding", "upgrade", "te", "trailer", "content-length", "content-type", "content-encoding",
			"accept", "accept-encoding", "accept-language", "cookie", "origin", "referer", "user-agent",
			"grpc-timeout", "grpc-encoding", "grpc-accept-encoding", "x-grpc-web", "x-user-agent",
			"connect-protocol-version", "connect-timeout-ms", "connect-content-encoding",
			"connect-accept-encoding", "access-control-request-method", "access-control-request-headers");

	private RequestMetadata() {
	}

	/**
	 * Metadata for transcoded calls, as grpc-gateway forwards it: {@code Authorization},
	 * {@code X-Request-Id}, {@code Grpc-Metadata-<key>} (as {@code <key>}) and the headers the
	 * allow-list names. Nothing else.
	 * @param head the request
	 * @param forward header name patterns to forward ({@code *} wildcards, any case)
	 * @return the metadata
	 */
	static Metadata allowListed(HttpRequestHead head, List<String> forward) {
		// once per request, not per header: this runs for every transcoded call
		String[] patterns = new String[forward.size()];
		for (int i = 0; i < patterns.length; i++) {
			patterns[i] = forward.get(i).toLowerCase(Locale.ROOT);
		}
		Predicate<String> allowed = (name) -> name.equals("authorization") || name.equals("x-request-id")
				|| (patterns.length > 0 && PatternMatchUtils.simpleMatch(patterns, name));
		Metadata metadata = new Metadata();
		head.headers().forEach((rawName, values) -> {
			String name = rawName.toLowerCase(Locale.ROOT);
			if (name.startsWith(GATEWAY_PREFIX) && name.length() > GATEWAY_PREFIX.length()) {
				put(metadata, name.substring(GATEWAY_PREFIX.length()), values);
			}
			else if (allowed.test(name) && !RESERVED.contains(name)) {
				put(metadata, name, values);
			}
		});
		return metadata;
	}

	/**
	 * Metadata for gRPC-Web and Connect calls, whose specifications make every header that is
	 * not the protocol's own a metadata entry.
	 * @param head the request
	 * @return the metadata
	 */
	static Metadata all(HttpRequestHead head) {
		Metadata metadata = new Metadata();
		head.headers().forEach((rawName, values) -> {
			String name = rawName.toLowerCase(Locale.ROOT);
			if (!RESERVED.contains(name) && !name.startsWith(":")) {
				put(metadata, name, values);
			}
		});
		return metadata;
	}

	private static void put(Metadata metadata, String name, List<String> values) {
		if (!validKey(name)) {
			return;
		}
		if (name.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
			Metadata.Key<byte[]> key = Metadata.Key.of(name, Metadata.BINARY_BYTE_MARSHALLER);
			for (String value : values) {
				try {
					metadata.put(key, Base64.getDecoder().decode(value.trim()));
				}
				catch (IllegalArgumentException ex) {
					throw new IllegalArgumentException("header " + name + " is not base64");
				}
			}
		}
		else {
			Metadata.Key<String> key = Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER);
			values.forEach((value) -> metadata.put(key, value));
		}
	}

	private static boolean validKey(String name) {
		if (name.isEmpty() || name.startsWith("grpc-")) {
			return false;
		}
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.')) {
				return false;
			}
		}
		return true;
	}

}
