package io.grpckit.server.http;

import java.util.List;

import io.grpc.Metadata;
import io.grpc.Status;
import org.jspecify.annotations.Nullable;

/**
 * How one protocol (transcoding, gRPC-Web, Connect) writes what a call produces as HTTP.
 */
interface ResponseEncoder {

	/**
	 * Whether the head and each message leave as the call produces them; otherwise the
	 * whole answer is built once the call closed (its HTTP status depends on the gRPC one).
	 * @return whether the response streams
	 */
	boolean streaming();

	/**
	 * The head of a streaming response, sent with its first message.
	 * @param headers the call's response headers
	 * @return the head
	 */
	HttpPart.Head head(Metadata headers);

	/**
	 * One message of a streaming response.
	 * @param message the response message
	 * @return its bytes on the wire
	 */
	byte[] message(Object message);

	/**
	 * The last bytes of a streaming response that sent at least one message.
	 * @param status the call's status
	 * @param trailers the call's trailers
	 * @return the closing bytes, or {@code null} when nothing follows the messages
	 */
	byte @Nullable [] end(Status status, Metadata trailers);

	/**
	 * The whole answer of a unary call, or of a streaming call that closed before its first
	 * message.
	 * @param headers the call's response headers (empty when the server sent none)
	 * @param message the response message, or {@code null} when the call failed
	 * @param status the call's status
	 * @param trailers the call's trailers
	 * @return the head and the body chunks
	 */
	List<HttpPart> complete(Metadata headers, @Nullable Object message, Status status, Metadata trailers);

}
