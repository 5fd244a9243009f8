package io.grpckit.server.http;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Flow;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import io.grpc.Metadata;
import io.grpc.Status;
import org.jspecify.annotations.Nullable;

/**
 * gRPC-Web (grpc/grpc's PROTOCOL-WEB.md): {@code POST /<service>/<method>} with
 * {@code application/grpc-web[+proto]} or {@code application/grpc-web-text[+proto]}
 * (base64), unary and server-streaming methods. The status and trailers travel in a last
 * frame of the body, so browsers, which cannot read HTTP trailers, see them.
 */
final class GrpcWebProtocol implements HttpProtocol {

	private static final int TRAILER_FLAG = 0x80;

	private final BridgeContext context;

	GrpcWebProtocol(BridgeContext context) {
		this.context = context;
	}

	@Override
	public @Nullable GrpcHttpExchange accept(HttpRequestHead head) {
		String contentType = head.header("content-type");
		if (!"POST".equals(head.method()) || contentType == null
				|| !contentType.toLowerCase(Locale.ROOT).startsWith("application/grpc-web")) {
			return null;
		}
		boolean text = contentType.toLowerCase(Locale.ROOT).startsWith("application/grpc-web-text");
		Encoder encoder = new Encoder(text);
		String name = head.path().startsWith("/") ? head.path().substring(1) : head.path();
		ServedMethod method = this.context.methods().find(name);
		return new Exchange(head, method, name, encoder);
	}

	private final class Exchange implements GrpcHttpExchange {

		private final HttpRequestHead head;

		private final @Nullable ServedMethod method;

		private final String name;

		private final Encoder encoder;

		Exchange(HttpRequestHead head, @Nullable ServedMethod method, String name, Encoder encoder) {
			this.head = head;
			this.method = method;
			this.name = name;
			this.encoder = encoder;
		}

		@Override
		public Flow.Publisher<HttpPart> execute(byte[] body) {
			ServedMethod method = this.method;
			if (method == null) {
				return fail(Status.UNIMPLEMENTED.withDescription("Method not found: " + this.name));
			}
			if (!method.singleRequest()) {
				return fail(Status.UNIMPLEMENTED.withDescription(
						"gRPC-Web serves unary and server-streaming methods; " + this.name + " streams requests"));
			}
			Object request;
			Duration timeout;
			Metadata metadata;
			try {
				request = request(method, this.encoder.text ? decodeText(body) : body);
				timeout = Timeouts.grpcTimeout(this.head.header("grpc-timeout"));
				metadata = RequestMetadata.all(this.head);
			}
			catch (IllegalArgumentException ex) {
				return fail(Status.INVALID_ARGUMENT.withDescription(ex.getMessage()));
			}
			catch (InvalidProtocolBufferException ex) {
				return fail(Status.INTERNAL.withDescription("Request message for " + this.name + " cannot be parsed"));
			}
			return GrpcWebProtocol.this.context.call(method, request, metadata, timeout, this.encoder);
		}

		@Override
		public @Nullable String pathPattern() {
			return (this.method != null) ? "/" + this.name : null;
		}

		@Override
		public Flow.Publisher<HttpPart> tooLarge() {
			return fail(Status.RESOURCE_EXHAUSTED.withDescription("Request body is larger than the server accepts"));
		}

		private Flow.Publisher<HttpPart> fail(Status status) {
			return new FixedResponse(this.encoder.complete(new Metadata(), null, status, new Metadata()));
		}

		private Object request(ServedMethod method, byte[] body) throws InvalidProtocolBufferException {
			List<Envelopes.Envelope> frames = Envelopes.read(body);
			if (frames.size() != 1 || (frames.get(0).flags() & TRAILER_FLAG) != 0) {
				throw new IllegalArgumentException("expected one request message, got " + frames.size() + " frames");
			}
			if ((frames.get(0).flags() & Envelopes.COMPRESSED) != 0) {
				throw new IllegalArgumentException("compressed request messages are not supported");
			}
			return method.requestPrototype().getParserForType().parseFrom(frames.get(0).payload());
		}

		private byte[] decodeText(byte[] body) {
			// a client may send several base64 blocks, each with its own padding
			String text = new String(body, StandardCharsets.US_ASCII).replaceAll("\\s", "");
			java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
			int start = 0;
			while (start < text.length()) {
				int padding = text.indexOf('=', start);
				int end = text.length();
				if (padding >= 0) {
					end = padding;
					while (end < text.length() && text.charAt(end) == '=') {
						end++;
					}
				}
				try {
					out.writeBytes(Base64.getDecoder().decode(text.substring(start, end)));
				}
				catch (IllegalArgumentException ex) {
					throw new IllegalArgumentException("grpc-web-text request body is not base64");
				}
				start = end;
			}
			return out.toByteArray();
		}

	}

	private static final class Encoder implements ResponseEncoder {

		private final boolean text;

		Encoder(boolean text) {
			this.text = text;
		}

		@Override
		public boolean streaming() {
			return true;
		}

		@Override
		public HttpPart.Head head(Metadata headers) {
			Map<String, List<String>> http = new LinkedHashMap<>();
			http.put("content-type",
					List.of(this.text ? "application/grpc-web-text+proto" : "application/grpc-web+proto"));
			http.putAll(MetadataHeaders.toHttp(headers, ""));
			return new HttpPart.Head(200, http);
		}

		@Override
		public byte[] message(Object message) {
			return encode(Envelopes.frame(0, ((MessageLite) message).toByteArray()));
		}

		@Override
		public byte[] end(Status status, Metadata trailers) {
			StringBuilder block = new StringBuilder();
			block.append("grpc-status:").append(status.getCode().value()).append("\r\n");
			if (status.getDescription() != null) {
				block.append("grpc-message:")
					.append(MetadataHeaders.encodeStatusMessage(status.getDescription()))
					.append("\r\n");
			}
			byte[] details = trailers.get(Metadata.Key.of("grpc-status-details-bin", Metadata.BINARY_BYTE_MARSHALLER));
			if (details != null) {
				block.append("grpc-status-details-bin:")
					.append(Base64.getEncoder().withoutPadding().encodeToString(details))
					.append("\r\n");
			}
			MetadataHeaders.toHttp(trailers, "")
				.forEach((name, values) -> values.forEach((value) -> block.append(name).append(':').append(value)
					.append("\r\n")));
			return encode(Envelopes.frame(TRAILER_FLAG, block.toString().getBytes(StandardCharsets.US_ASCII)));
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

		private byte[] encode(byte[] frame) {
			// grpc-web-text: each frame its own base64 block, so that it leaves as it comes
			return this.text ? Base64.getEncoder().encode(frame) : frame;
		}

	}

}
