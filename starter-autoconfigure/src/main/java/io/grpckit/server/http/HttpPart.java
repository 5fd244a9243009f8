package io.grpckit.server.http;

import java.util.List;
import java.util.Map;

/**
 * A part of an HTTP response the gateway produces: one {@link Head}, then zero or more
 * {@link Chunk chunks}, each to be written and flushed as it comes.
 */
public sealed interface HttpPart {

	/**
	 * The status line and headers, always the first part.
	 * @param status the HTTP status code
	 * @param headers the response headers, in order
	 */
	record Head(int status, Map<String, List<String>> headers) implements HttpPart {

		public Head {
			headers = Map.copyOf(headers);
		}

	}

	/**
	 * Bytes of the body, written and flushed before the next part is asked for.
	 * @param bytes the bytes
	 */
	record Chunk(byte[] bytes) implements HttpPart {
	}

}
