package io.grpckit.server.http.reactive;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Flow;

import io.grpckit.server.http.GrpcHttpExchange;
import io.grpckit.server.http.GrpcHttpGateway;
import io.grpckit.server.http.HttpPart;
import io.grpckit.server.http.HttpRequestHead;
import reactor.adapter.JdkFlowAdapter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.web.reactive.handler.AbstractHandlerMapping;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebHandler;

/**
 * Maps the HTTP requests the {@link GrpcHttpGateway} accepts (transcoded routes, gRPC-Web,
 * Connect) to a handler that runs the call. WebFlux's controllers and router functions come
 * first; CORS is Spring's, from the mapping's CORS configuration.
 * <p>
 * The response is written as a stream of flushed chunks; the web server's demand is the
 * call's demand, so a slow reader holds the service back, and a connection that closes
 * cancels the call at once.
 */
public class GrpcHttpReactiveHandlerMapping extends AbstractHandlerMapping {

	private final GrpcHttpGateway gateway;

	/**
	 * Create a mapping; it comes after WebFlux's request mappings.
	 * @param gateway the gateway that accepts requests
	 */
	public GrpcHttpReactiveHandlerMapping(GrpcHttpGateway gateway) {
		this.gateway = gateway;
		setOrder(1);
	}

	@Override
	protected Mono<?> getHandlerInternal(ServerWebExchange exchange) {
		GrpcHttpExchange accepted = this.gateway.route(head(exchange.getRequest()));
		if (accepted == null) {
			return Mono.empty();
		}
		String pattern = accepted.pathPattern();
		if (pattern != null) {
			// http.server.requests gets the route as its uri, as a controller's mapping gives it
			ServerRequestObservationContext.findCurrent(exchange.getAttributes())
				.ifPresent((context) -> context.setPathPattern(pattern));
		}
		WebHandler handler = (web) -> serve(accepted, web);
		return Mono.just(handler);
	}

	private static HttpRequestHead head(ServerHttpRequest request) {
		String path = request.getPath().pathWithinApplication().value();
		Map<String, List<String>> headers = new LinkedHashMap<>();
		request.getHeaders().forEach(headers::put);
		return new HttpRequestHead(request.getMethod().name(), path, request.getURI().getRawQuery(), headers);
	}

	private Mono<Void> serve(GrpcHttpExchange exchange, ServerWebExchange web) {
		int max = this.gateway.maxRequestSize();
		return DataBufferUtils.join(web.getRequest().getBody(), max)
			.map(GrpcHttpReactiveHandlerMapping::bytes)
			.defaultIfEmpty(new byte[0])
			.map(exchange::execute)
			.onErrorResume(DataBufferLimitException.class, (ex) -> Mono.just(exchange.tooLarge()))
			.flatMap((parts) -> write(parts, web.getResponse()));
	}

	private static byte[] bytes(DataBuffer buffer) {
		try {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			return bytes;
		}
		finally {
			DataBufferUtils.release(buffer);
		}
	}

	private static Mono<Void> write(Flow.Publisher<HttpPart> parts, ServerHttpResponse response) {
		return JdkFlowAdapter.flowPublisherToFlux(parts).switchOnFirst((first, all) -> {
			if (first.get() instanceof HttpPart.Head head) {
				response.setStatusCode(HttpStatusCode.valueOf(head.status()));
				head.headers().forEach((name, values) -> response.getHeaders().addAll(name, values));
			}
			// each chunk is flushed on its own: messages leave as the service produces them
			Flux<Mono<DataBuffer>> chunks = all.skip(1)
				.ofType(HttpPart.Chunk.class)
				.map((chunk) -> Mono.just(response.bufferFactory().wrap(chunk.bytes())));
			return response.writeAndFlushWith(chunks);
		}).then();
	}

}
