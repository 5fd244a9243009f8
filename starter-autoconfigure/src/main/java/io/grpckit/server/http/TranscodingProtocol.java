package io.grpckit.server.http;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Flow;

import com.google.protobuf.Message;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpckit.RequestId;
import org.jspecify.annotations.Nullable;

/**
 * JSON transcoding as grpc-gateway does it: routes from the methods' {@code google.api.http}
 * rules, the request message bound from the path, the query and the JSON body, the answer
 * as JSON with the HTTP status of its code. Server-streaming methods answer with one JSON
 * message per line ({@code application/x-ndjson}), or as server-sent events when the client
 * accepts {@code text/event-stream}; client and bidi streaming methods are not transcoded
 * (501).
 */
final class TranscodingProtocol implements HttpProtocol {

	private static final String NDJSON = "application/x-ndjson";

	private static final String EVENT_STREAM = "text/event-stream";

	private final BridgeContext context;

	private final HttpRoutes routes;

	TranscodingProtocol(BridgeContext context, HttpRoutes routes) {
		this.context = context;
		this.routes = routes;
	}

	@Override
	public @Nullable GrpcHttpExchange accept(HttpRequestHead head) {
		RouteMatch match = this.routes.match(head.method(), head.path());
		if (match != null) {
			return new Exchange(head, match);
		}
		if (this.routes.matchesPath(head.path())) {
			Set<String> allowed = this.routes.allowedMethods(head.path());
			return new Refusal(Status.UNIMPLEMENTED.withDescription("Method Not Allowed"), 405,
					Map.of("allow", List.of(String.join(", ", allowed))));
		}
		return null;
	}

	private List<HttpPart> error(Status status, Metadata headers, Metadata trailers, int httpStatus,
			Map<String, List<String>> extraHeaders) {
		Map<String, List<String>> http = responseHeaders(headers, trailers);
		http.putAll(extraHeaders);
		http.put("content-type", List.of("application/json"));
		return List.of(new HttpPart.Head(httpStatus, http), new HttpPart.Chunk(
				ErrorBody.json(status, trailers, this.context.json()).getBytes(StandardCharsets.UTF_8)));
	}

	/**
	 * Response metadata as grpc-gateway writes it: {@code Grpc-Metadata-<key>} for headers,
	 * {@code Grpc-Trailer-<key>} for trailers, and the request id as {@code X-Request-Id}.
	 */
	private static Map<String, List<String>> responseHeaders(Metadata headers, Metadata trailers) {
		Map<String, List<String>> http = new LinkedHashMap<>();
		String requestId = headers.get(RequestId.HEADER);
		if (requestId == null) {
			requestId = trailers.get(RequestId.HEADER);
		}
		if (requestId != null) {
			http.put("x-request-id", List.of(requestId));
		}
		MetadataHeaders.toHttp(headers, "grpc-metadata-")
			.forEach((name, values) -> {
				if (!name.equals("grpc-metadata-x-request-id")) {
					http.put(name, values);
				}
			});
		MetadataHeaders.toHttp(trailers, "grpc-trailer-").forEach((name, values) -> {
			if (!name.equals("grpc-trailer-x-request-id")) {
				http.put(name, values);
			}
		});
		return http;
	}

	/**
	 * A request the routes know but cannot serve: a method the path does not allow (405) or
	 * a streaming request (501).
	 */
	private final class Refusal implements GrpcHttpExchange {

		private final Status status;

		private final int httpStatus;

		private final Map<String, List<String>> headers;

		Refusal(Status status, int httpStatus, Map<String, List<String>> headers) {
			this.status = status;
			this.httpStatus = httpStatus;
			this.headers = headers;
		}

		@Override
		public Flow.Publisher<HttpPart> execute(byte[] body) {
			return new FixedResponse(error(this.status, new Metadata(), new Metadata(), this.httpStatus, this.headers));
		}

		@Override
		public @Nullable String pathPattern() {
			return null;
		}

		@Override
		public Flow.Publisher<HttpPart> tooLarge() {
			return execute(new byte[0]);
		}

	}

	private final class Exchange implements GrpcHttpExchange {

		private final HttpRequestHead head;

		private final RouteMatch match;

		Exchange(HttpRequestHead head, RouteMatch match) {
			this.head = head;
			this.match = match;
		}

		@Override
		public Flow.Publisher<HttpPart> execute(byte[] body) {
			HttpRoute route = this.match.route();
			ServedMethod method = TranscodingProtocol.this.context.methods().find(route.fullMethodName());
			if (method == null || route.isClientStreaming()) {
				return fail(Status.UNIMPLEMENTED.withDescription(route.fullMethodName()
						+ ((method == null) ? " is not served" : " streams requests, which is not transcoded")));
			}
			Message.Builder request = method.requestPrototype().newBuilderForType();
			Duration timeout;
			Metadata metadata;
			try {
				RequestBinder.bind(this.match, request, this.head.query(), body, TranscodingProtocol.this.context.json());
				timeout = Timeouts.grpcTimeout(this.head.header("grpc-timeout"));
				metadata = RequestMetadata.allowListed(this.head, TranscodingProtocol.this.context.forwardHeaders());
			}
			catch (HttpBindingException | IllegalArgumentException ex) {
				return fail(Status.INVALID_ARGUMENT.withDescription(ex.getMessage()));
			}
			ResponseEncoder encoder = route.isServerStreaming() ? new StreamEncoder(route, eventStream(this.head))
					: new UnaryEncoder(route);
			return TranscodingProtocol.this.context.call(method, request.build(), metadata, timeout, encoder);
		}

		@Override
		public String pathPattern() {
			return this.match.route().template().toString();
		}

		@Override
		public Flow.Publisher<HttpPart> tooLarge() {
			return fail(Status.RESOURCE_EXHAUSTED.withDescription("Request body is larger than the server accepts"));
		}

		private Flow.Publisher<HttpPart> fail(Status status) {
			return new FixedResponse(error(status, new Metadata(), new Metadata(),
					HttpStatusMapping.toHttp(status.getCode()), Map.of()));
		}

		private static boolean eventStream(HttpRequestHead head) {
			String accept = head.header("accept");
			return accept != null && accept.toLowerCase(Locale.ROOT).contains(EVENT_STREAM);
		}

	}

	private final class UnaryEncoder implements ResponseEncoder {

		private final HttpRoute route;

		UnaryEncoder(HttpRoute route) {
			this.route = route;
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
			if (!status.isOk() || message == null) {
				Status failed = status.isOk() ? Status.INTERNAL.withDescription("No response message") : status;
				return error(failed, headers, trailers, HttpStatusMapping.toHttp(failed.getCode()), Map.of());
			}
			Map<String, List<String>> http = responseHeaders(headers, trailers);
			http.put("content-type", List.of("application/json"));
			byte[] json = this.route.responseJson((Message) message, TranscodingProtocol.this.context.json())
				.getBytes(StandardCharsets.UTF_8);
			return List.of(new HttpPart.Head(200, http), new HttpPart.Chunk(json));
		}

	}

	/**
	 * Server streaming: a line (or an event) per message as it comes; a failure after the
	 * first message becomes a last {@code {"error": ...}} line (or an {@code error} event),
	 * since the status line has left.
	 */
	private final class StreamEncoder implements ResponseEncoder {

		private final HttpRoute route;

		private final boolean events;

		StreamEncoder(HttpRoute route, boolean events) {
			this.route = route;
			this.events = events;
		}

		@Override
		public boolean streaming() {
			return true;
		}

		@Override
		public HttpPart.Head head(Metadata headers) {
			Map<String, List<String>> http = responseHeaders(headers, new Metadata());
			http.put("content-type", List.of(this.events ? EVENT_STREAM : NDJSON));
			http.put("cache-control", List.of("no-cache"));
			return new HttpPart.Head(200, http);
		}

		@Override
		public byte[] message(Object message) {
			String json = this.route.responseJson((Message) message, TranscodingProtocol.this.context.json());
			return (this.events ? "data: " + json + "\n\n" : json + "\n").getBytes(StandardCharsets.UTF_8);
		}

		@Override
		public byte @Nullable [] end(Status status, Metadata trailers) {
			if (status.isOk()) {
				return null;
			}
			String error = ErrorBody.json(status, trailers, TranscodingProtocol.this.context.json());
			String line = this.events ? "event: error\ndata: " + error + "\n\n" : "{\"error\":" + error + "}\n";
			return line.getBytes(StandardCharsets.UTF_8);
		}

		@Override
		public List<HttpPart> complete(Metadata headers, @Nullable Object message, Status status, Metadata trailers) {
			if (!status.isOk()) {
				// nothing has left yet: the failure gets its own status line
				return error(status, headers, trailers, HttpStatusMapping.toHttp(status.getCode()), Map.of());
			}
			List<HttpPart> parts = new ArrayList<>();
			parts.add(head(headers));
			return parts;
		}

	}

}
