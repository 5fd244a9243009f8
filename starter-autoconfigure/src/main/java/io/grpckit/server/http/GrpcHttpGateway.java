package io.grpckit.server.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Flow;

import com.google.protobuf.Descriptors;
import io.grpc.ServerServiceDefinition;
import org.jspecify.annotations.Nullable;

/**
 * Where HTTP requests meet the gRPC services: a web adapter (Spring MVC or WebFlux) asks it
 * whether a request is for a service, by a transcoded route ({@code google.api.http}), as
 * gRPC-Web or as Connect, and runs the accepted ones through the {@link GrpcHttpBridge}.
 */
public final class GrpcHttpGateway {

	private final List<HttpProtocol> protocols;

	private final int maxRequestSize;

	private final HttpRoutes routes;

	private GrpcHttpGateway(List<HttpProtocol> protocols, HttpRoutes routes, int maxRequestSize) {
		this.protocols = List.copyOf(protocols);
		this.routes = routes;
		this.maxRequestSize = maxRequestSize;
	}

	/**
	 * Start building a gateway.
	 * @param bridge the in-process server side calls go through
	 * @param services the services as they bind themselves (typed marshallers, no
	 * interceptors: the bridge's server applies those)
	 * @return a builder
	 */
	public static Builder builder(GrpcHttpBridge bridge, List<ServerServiceDefinition> services) {
		return new Builder(bridge, services);
	}

	/**
	 * Accept a request for a service, or leave it to the rest of the web application.
	 * A CORS preflight ({@code OPTIONS} with {@code Access-Control-Request-Method}) is
	 * accepted when the request it announces would be; the web framework answers it.
	 * @param head the request's method, path and headers
	 * @return the exchange, or {@code null} when the request is not for a service
	 */
	public @Nullable GrpcHttpExchange route(HttpRequestHead head) {
		String preflight = head.header("Access-Control-Request-Method");
		HttpRequestHead effective = head;
		if ("OPTIONS".equals(head.method()) && preflight != null) {
			effective = new HttpRequestHead(preflight.trim().toUpperCase(java.util.Locale.ROOT), head.path(),
					head.query(), Map.of());
		}
		for (HttpProtocol protocol : this.protocols) {
			GrpcHttpExchange exchange = protocol.accept(effective);
			if (exchange != null) {
				return exchange;
			}
		}
		return null;
	}

	/**
	 * Subscribe to a call's parts from a thread that waits for the answer anyway, such as
	 * a servlet container's request thread: a unary call then runs its interceptors and
	 * service code on this thread, before this method returns, rather than on the server's
	 * executor (when the bridge's server runs on {@link GrpcHttpBridge#executor}). Streaming
	 * calls still run on the executor. Never call it from an event loop.
	 * @param parts the call's parts, from {@link GrpcHttpExchange#execute}
	 * @param subscriber the subscriber
	 */
	public static void subscribeOnCallingThread(Flow.Publisher<HttpPart> parts,
			Flow.Subscriber<? super HttpPart> subscriber) {
		CallingThread.allowing(() -> parts.subscribe(subscriber));
	}

	/**
	 * Return the largest request body a call accepts.
	 * @return the size in bytes
	 */
	public int maxRequestSize() {
		return this.maxRequestSize;
	}

	/**
	 * Return the transcoded routes, e.g. to document them.
	 * @return the routes, one per HTTP rule
	 */
	public List<GrpcHttpRoute> routes() {
		return this.routes.routes().stream().map(GrpcHttpRoute::of).toList();
	}

	/**
	 * Builds a {@link GrpcHttpGateway}.
	 */
	public static final class Builder {

		private final GrpcHttpBridge bridge;

		private final List<ServerServiceDefinition> services;

		private boolean transcoding = true;

		private boolean grpcWeb = true;

		private boolean connect = true;

		private boolean emitUnpopulated;

		private boolean useProtoNames;

		private boolean ignoreUnknownFields = true;

		private boolean enumsAsInts;

		private List<String> forwardHeaders = List.of();

		private int maxRequestSize = 4 * 1024 * 1024;

		private Builder(GrpcHttpBridge bridge, List<ServerServiceDefinition> services) {
			this.bridge = bridge;
			this.services = List.copyOf(services);
		}

		/**
		 * Set which protocols the gateway serves.
		 * @param transcoding whether transcoded routes ({@code google.api.http}) are served
		 * @param grpcWeb whether gRPC-Web is served
		 * @param connect whether the Connect protocol is served
		 * @return this builder
		 */
		public Builder protocols(boolean transcoding, boolean grpcWeb, boolean connect) {
			this.transcoding = transcoding;
			this.grpcWeb = grpcWeb;
			this.connect = connect;
			return this;
		}

		/**
		 * Set the JSON options, as grpc-gateway's marshaler options.
		 * @param emitUnpopulated whether fields with default values are written
		 * @param useProtoNames whether fields are named as in the proto file rather than in
		 * lowerCamelCase
		 * @param ignoreUnknownFields whether unknown fields in requests are ignored rather than
		 * refused
		 * @param enumsAsInts whether enums are written as numbers
		 * @return this builder
		 */
		public Builder json(boolean emitUnpopulated, boolean useProtoNames, boolean ignoreUnknownFields,
				boolean enumsAsInts) {
			this.emitUnpopulated = emitUnpopulated;
			this.useProtoNames = useProtoNames;
			this.ignoreUnknownFields = ignoreUnknownFields;
			this.enumsAsInts = enumsAsInts;
			return this;
		}

		/**
		 * Set the request headers transcoded calls forward as metadata, besides
		 * {@code Authorization}, {@code X-Request-Id} and {@code Grpc-Metadata-*}.
		 * @param patterns header names, {@code *} as wildcard
		 * @return this builder
		 */
		public Builder forwardHeaders(List<String> patterns) {
			this.forwardHeaders = List.copyOf(patterns);
			return this;
		}

		/**
		 * Set the largest request body.
		 * @param bytes the size in bytes
		 * @return this builder
		 */
		public Builder maxRequestSize(int bytes) {
			this.maxRequestSize = bytes;
			return this;
		}

		/**
		 * Build the gateway; this reads the services' HTTP rules.
		 * @return the gateway
		 * @throws IllegalStateException when two methods claim the same route
		 */
		public GrpcHttpGateway build() {
			ServedMethods methods = ServedMethods.of(this.services);
			// the services' files let Any fields and error details print
			JsonCodec json = new JsonCodec(this.emitUnpopulated, this.useProtoNames, this.ignoreUnknownFields,
					this.enumsAsInts)
				.withTypes(methods.services().stream().map(Descriptors.ServiceDescriptor::getFile).distinct().toList());
			BridgeContext context = new BridgeContext(this.bridge.channel(), methods, json, this.forwardHeaders);
			HttpRoutes routes = this.transcoding ? HttpRoutes.of(methods.services()) : HttpRoutes.ofRoutes(List.of());
			List<HttpProtocol> protocols = new ArrayList<>();
			if (this.connect) {
				protocols.add(new ConnectProtocol(context));
			}
			if (this.grpcWeb) {
				protocols.add(new GrpcWebProtocol(context));
			}
			if (this.transcoding) {
				protocols.add(new TranscodingProtocol(context, routes));
			}
			return new GrpcHttpGateway(protocols, routes, this.maxRequestSize);
		}

	}

}
