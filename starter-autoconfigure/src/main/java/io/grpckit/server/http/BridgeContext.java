package io.grpckit.server.http;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Flow;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.Metadata;
import org.jspecify.annotations.Nullable;

/**
 * What every protocol needs to call a service: the channel to the in-process server, the
 * served methods, the JSON options and the headers transcoding forwards.
 *
 * @param channel the channel to the in-process server
 * @param methods the served protobuf methods
 * @param json the JSON form of messages
 * @param forwardHeaders header name patterns transcoded calls forward as metadata
 */
record BridgeContext(Channel channel, ServedMethods methods, JsonCodec json, List<String> forwardHeaders) {

	/**
	 * Start a call (when the web server subscribes) and answer with what it produces.
	 * @param method the method
	 * @param request the request message
	 * @param headers the request metadata
	 * @param timeout the deadline from the request, or {@code null}
	 * @param encoder how the response is written
	 * @return the response parts
	 */
	Flow.Publisher<HttpPart> call(ServedMethod method, Object request, Metadata headers, @Nullable Duration timeout,
			ResponseEncoder encoder) {
		CallOptions options = CallOptions.DEFAULT;
		if (timeout != null) {
			options = options.withDeadlineAfter(timeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
		}
		return new BridgeCall(this.channel, method.grpc(), request, headers, options, encoder);
	}

}
