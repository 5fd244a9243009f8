package io.grpckit.server.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Flow;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpckit.RequestId;
import org.jspecify.annotations.Nullable;

/**
 * The Connect protocol (connectrpc.com/docs/protocol), version 1: unary calls as a plain
 * {@code POST /<service>/<method>} of {@code application/json} or {@code application/proto}
 * (curl can call them), server-streaming calls as {@code application/connect+json} or
 * {@code application/connect+proto} enveloped messages ending with an end-of-stream message
 * that carries the status and trailers.
 */
final class ConnectProtocol implements HttpProtocol {

	private static final int END_STREAM = 0x02;

	private final BridgeContext context;

	ConnectProtocol(BridgeContext context) {
		this.context = context;
	}

	@Override
	public @Nullable GrpcHttpExchange accept(HttpRequestHead head) {
		if (!"POST".equals(head.method())) {
			return null;
		}
		ConnectCodec codec = ConnectCodec.of(head.header("content-type"), this.context.json());
		if (codec == null) {
			return null;
		}
		String name = head.path().startsWith("/") ? head.path().substring(1) : head.path();
		ServedMethod method = this.context.methods().find(name);
		if (method == null) {
			// not a served method: perhaps a transcoded route that takes JSON
			return null;
		}
		return new Exchange(head, method, codec);
	}

	private final class Exchange implements GrpcHttpExchange {

		private final HttpRequestHead head;

		private final ServedMethod method;

		private final ConnectCodec codec;

		private final ResponseEncoder encoder;

		Exchange(HttpRequestHead head, ServedMethod method, ConnectCodec codec) {
			this.head = head;
			this.method = method;
			this.codec = codec;
			this.encoder = codec.streaming() ? new StreamEncoder(codec) : new UnaryEncoder(codec);
		}

		@Override
		public Flow.Publisher<HttpPart> execute(byte[] body) {
			String version = this.head.header("connect-protocol-version");
			if (version != null && !version.trim().equals("1")) {
				return fail(Status.INVALID_ARGUMENT
					.withDescription("connect-protocol-version: \"" + version + "\" (expected: 1)"));
			}
			if (!this.method.singleRequest()) {
				return fail(Status.UNIMPLEMENTED.withDescription(
						this.method.fullName() + " streams requests, which HTTP/1.1 Connect calls cannot"));
			}
			if (this.codec.streaming() == this.method.singleResponse()) {
				String expected = this.method.singleResponse() ? "application/json or application/proto"
						: "application/connect+json or application/connect+proto";
				return fail(Status.INVALID_ARGUMENT
					.withDescription("content-type of " + this.method.fullName() + " (expected: " + expected + ")"));
			}
			String encoding = this.head.header(this.codec.streaming() ? "connect-content-encoding" : "content-encoding");
			if (encoding != null && !encoding.trim().equalsIgnoreCase("identity")) {
				return fail(Status.UNIMPLEMENTED.withDescription("compression \"" + encoding + "\" is not supported"));
			}
			Message request;
			Duration timeout;
			Metadata metadata;
			try {
				request = this.codec.streaming() ? enveloped(body) : this.codec.parse(body, this.method);
				timeout = Timeouts.connectTimeout(this.head.header("connect-timeout-ms"));
				metadata = RequestMetadata.all(this.head);
			}
			catch (IllegalArgumentException | InvalidProtocolBufferException ex) {
				return fail(Status.INVALID_ARGUMENT.withDescription(ex.getMessage()));
			}
			return ConnectProtocol.this.context.call(this.method, request, metadata, timeout, this.encoder);
		}

		@Override
		public String pathPattern() {
			return "/" + this.method.grpc().getFullMethodName();
		}

		@Override
		public Flow.Publisher<HttpPart> tooLarge() {
			return fail(Status.RESOURCE_EXHAUSTED.withDescription("Request body is larger than the server accepts"));
		}

		private Message enveloped(byte[] body) throws InvalidProtocolBufferException {
			List<Envelopes.Envelope> frames = Envelopes.read(body);
			if (frames.size() != 1 || frames.get(0).flags() != 0) {
				throw new IllegalArgumentException(
						"expected one uncompressed request message, got " + frames.size() + " frames");
			}
			return this.codec.parse(frames.get(0).payload(), this.method);
		}

		private Flow.Publisher<HttpPart> fail(Status status) {
			return new FixedResponse(this.encoder.complete(new Metadata(), null, status, new Metadata()));
		}

	}

	/**
	 * Unary responses: the message as the body, or the error as JSON with the HTTP status of
	 * its code; trailers as {@code trailer-} headers.
	 */
	private static final class UnaryEncoder implements ResponseEncoder {

		private final ConnectCodec codec;

		UnaryEncoder(ConnectCodec codec) {
			this.codec = codec;
		}

		@Override
		public boolean streaming() {
			return false;
		}

		@Override
		public HttpPart.Head head(Metadata headers) {
			throw new UnsupportedOperationException("unary");
		}

		@Override
		public byte[] message(Object message) {
			throw new UnsupportedOperationException("unary");
		}

		@Override
		public byte @Nullable [] end(Status status, Metadata trailers) {
			throw new UnsupportedOperationException("unary");
		}

		@Override
		public List<HttpPart> complete(Metadata headers, @Nullable Object message, Status status, Metadata trailers) {
			Map<String, List<String>> http = new LinkedHashMap<>(MetadataHeaders.toHttp(headers, ""));
			http.putAll(MetadataHeaders.toHttp(trailers, "trailer-"));
			// a call refused before its headers has the request id in its trailers only
			String requestId = trailers.get(RequestId.HEADER);
			if (!http.containsKey(RequestId.HEADER.name()) && requestId != null) {
				http.put(RequestId.HEADER.name(), List.of(requestId));
			}
			if (status.isOk() && message != null) {
				http.put("content-type", List.of(this.codec.contentType()));
				return List.of(new HttpPart.Head(200, http),
						new HttpPart.Chunk(this.codec.serialize((Message) message)));
			}
			Status failed = status.isOk() ? Status.INTERNAL.withDescription("no response message") : status;
			http.put("content-type", List.of("application/json"));
			return List.of(new HttpPart.Head(HttpStatusMapping.toHttp(failed.getCode()), http),
					new HttpPart.Chunk(ConnectErrors.json(failed, trailers).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
		}

	}

	/**
	 * Streaming responses: enveloped messages, then an end-of-stream envelope with the
	 * error (when the call failed) and the trailers.
	 */
	private static final class StreamEncoder implements ResponseEncoder {

		private final ConnectCodec codec;

		StreamEncoder(ConnectCodec codec) {
			this.codec = codec;
		}

		@Override
		public boolean streaming() {
			return true;
		}

		@Override
		public HttpPart.Head head(Metadata headers) {
			Map<String, List<String>> http = new LinkedHashMap<>(MetadataHeaders.toHttp(headers, ""));
			http.put("content-type", List.of(this.codec.contentType()));
			return new HttpPart.Head(200, http);
		}

		@Override
		public byte[] message(Object message) {
			return Envelopes.frame(0, this.codec.serialize((Message) message));
		}

		@Override
		public byte[] end(Status status, Metadata trailers) {
			return Envelopes.frame(END_STREAM,
					ConnectErrors.endOfStream(status, trailers).getBytes(java.nio.charset.StandardCharsets.UTF_8));
		}

		@Override
		public List<HttpPart> complete(Metadata headers, @Nullable Object message, Status status, Metadata trailers) {
			List<HttpPart> parts = new ArrayList<>();
			parts.add(head(headers));
			if (message != null) {
				parts.add(new HttpPart.Chunk(message(message)));
			}
			parts.add(new HttpPart.Chunk(end(status, trailers)));
			return parts;
		}

	}

	/**
	 * The message codec a Connect request names in its content type.
	 */
	private record ConnectCodec(boolean streaming, boolean json, JsonCodec jsonCodec) {

		static @Nullable ConnectCodec of(@Nullable String contentType, JsonCodec jsonCodec) {
			if (contentType == null) {
				return null;
			}
			String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
			return switch (type) {
				case "application/json" -> new ConnectCodec(false, true, jsonCodec);
				case "application/proto" -> new ConnectCodec(false, false, jsonCodec);
				case "application/connect+json" -> new ConnectCodec(true, true, jsonCodec);
				case "application/connect+proto" -> new ConnectCodec(true, false, jsonCodec);
				default -> null;
			};
		}

		String contentType() {
			return (this.streaming ? "application/connect+" : "application/") + (this.json ? "json" : "proto");
		}

		Message parse(byte[] bytes, ServedMethod method) throws InvalidProtocolBufferException {
			if (!this.json) {
				return method.requestPrototype().getParserForType().parseFrom(bytes);
			}
			Message.Builder builder = method.requestPrototype().newBuilderForType();
			if (bytes.length > 0) {
				try {
					this.jsonCodec.merge(bytes, builder);
				}
				catch (HttpBindingException ex) {
					throw new IllegalArgumentException(ex.getMessage());
				}
			}
			return builder.build();
		}

		byte[] serialize(Message message) {
			return this.json ? this.jsonCodec.print(message).getBytes(java.nio.charset.StandardCharsets.UTF_8)
					: message.toByteArray();
		}

	}

}
