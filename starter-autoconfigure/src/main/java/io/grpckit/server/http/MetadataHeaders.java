package io.grpckit.server.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.grpc.Metadata;

/**
 * Response metadata as HTTP header lines: text values as they are, binary ({@code -bin})
 * values in base64, as gRPC itself sends them.
 */
final class MetadataHeaders {

	/** Headers that frame the HTTP message or the connection: the web server's, never a service's. */
	private static final Set<String> FRAMING = Set.of("content-length", "transfer-encoding", "connection",
			"keep-alive", "te", "trailer", "upgrade", "host");

	private MetadataHeaders() {
	}

	/**
	 * Return the metadata's entries, by key.
	 * @param metadata the metadata
	 * @param prefix put before each key, e.g. {@code Grpc-Metadata-}
	 * @return header names and values, in the metadata's order
	 */
	static Map<String, List<String>> toHttp(Metadata metadata, String prefix) {
		Map<String, List<String>> headers = new LinkedHashMap<>();
		for (String key : metadata.keys()) {
			if (key.startsWith("grpc-") || key.equals("content-type") || key.startsWith(":") || FRAMING.contains(key)) {
				continue;
			}
			List<String> values = new ArrayList<>();
			if (key.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
				Iterable<byte[]> all = metadata.getAll(Metadata.Key.of(key, Metadata.BINARY_BYTE_MARSHALLER));
				if (all != null) {
					all.forEach((value) -> values.add(Base64.getEncoder().withoutPadding().encodeToString(value)));
				}
			}
			else {
				Iterable<String> all = metadata.getAll(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER));
				if (all != null) {
					all.forEach(values::add);
				}
			}
			headers.put(prefix + key, values);
		}
		return headers;
	}

	/**
	 * Percent-encode a status message as the {@code grpc-message} header carries it.
	 * @param message the message
	 * @return the encoded message
	 */
	static String encodeStatusMessage(String message) {
		StringBuilder encoded = new StringBuilder();
		for (byte b : message.getBytes(StandardCharsets.UTF_8)) {
			if (b >= ' ' && b < '~' && b != '%') {
				encoded.append((char) b);
			}
			else {
				encoded.append('%').append(String.format("%02X", b & 0xFF));
			}
		}
		return encoded.toString();
	}

}
