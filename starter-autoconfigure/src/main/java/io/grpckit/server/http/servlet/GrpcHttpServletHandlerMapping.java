package io.grpckit.server.http.servlet;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Flow;

import io.grpckit.server.http.GrpcHttpExchange;
import io.grpckit.server.http.GrpcHttpGateway;
import io.grpckit.server.http.HttpPart;
import io.grpckit.server.http.HttpRequestHead;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.web.HttpRequestHandler;
import org.springframework.web.filter.ServerHttpObservationFilter;
import org.springframework.web.servlet.handler.AbstractHandlerMapping;

/**
 * Maps the HTTP requests the {@link GrpcHttpGateway} accepts (transcoded routes, gRPC-Web,
 * Connect) to a handler that runs the call. Spring MVC's controllers come first; CORS is
 * Spring's, from the mapping's CORS configuration.
 * <p>
 * A unary call runs on the request's thread, which waits for its answer as it would for a
 * controller's (unless switched off: then on the server's executor, as streaming calls).
 * The handler writes on the request's thread, with the Servlet API's blocking output: a
 * write returns once the response buffer or the connection took the bytes, and only then is
 * the next message asked for, so HTTP flow control holds the service back. What was written
 * is flushed before the handler waits for the next part, so each message leaves as it comes;
 * a whole answer (a unary one, an error, whose head carries its length) leaves in one
 * write. A client that went away makes the next write or flush fail, which cancels the
 * call.
 */
public class GrpcHttpServletHandlerMapping extends AbstractHandlerMapping {

	private final GrpcHttpGateway gateway;

	private final boolean runOnRequestThread;

	/**
	 * Create a mapping that runs unary calls on the request's thread; it comes after
	 * Spring MVC's request mappings.
	 * @param gateway the gateway that accepts requests
	 */
	public GrpcHttpServletHandlerMapping(GrpcHttpGateway gateway) {
		this(gateway, true);
	}

	/**
	 * Create a mapping; it comes after Spring MVC's request mappings.
	 * @param gateway the gateway that accepts requests
	 * @param runOnRequestThread whether unary calls run on the request's thread (see
	 * {@link GrpcHttpGateway#subscribeOnCallingThread}) rather than on the server's executor
	 */
	public GrpcHttpServletHandlerMapping(GrpcHttpGateway gateway, boolean runOnRequestThread) {
		this.gateway = gateway;
		this.runOnRequestThread = runOnRequestThread;
		setOrder(1);
	}

	@Override
	protected @Nullable Object getHandlerInternal(HttpServletRequest request) {
		GrpcHttpExchange exchange = this.gateway.route(head(request));
		if (exchange == null) {
			return null;
		}
		String pattern = exchange.pathPattern();
		if (pattern != null) {
			// http.server.requests gets the route as its uri, as a controller's mapping gives it
			ServerHttpObservationFilter.findObservationContext(request)
				.ifPresent((context) -> context.setPathPattern(pattern));
		}
		return (HttpRequestHandler) (req, res) -> serve(exchange, req, res);
	}

	private static HttpRequestHead head(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		Map<String, List<String>> headers = new LinkedHashMap<>();
		for (String name : Collections.list(request.getHeaderNames())) {
			headers.put(name, Collections.list(request.getHeaders(name)));
		}
		return new HttpRequestHead(request.getMethod(), path, request.getQueryString(), headers);
	}

	private void serve(GrpcHttpExchange exchange, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		byte[] body = readBody(request.getInputStream(), this.gateway.maxRequestSize());
		Flow.Publisher<HttpPart> parts = (body != null) ? exchange.execute(body) : exchange.tooLarge();
		PartQueue queue = new PartQueue();
		if (this.runOnRequestThread) {
			GrpcHttpGateway.subscribeOnCallingThread(parts, queue);
		}
		else {
			parts.subscribe(queue);
		}
		try {
			queue.request();
			boolean unflushed = false;
			boolean whole = false;
			while (true) {
				// a streamed answer is flushed before waiting for its next part, so each message
				// leaves as it comes; a whole answer (its head says its length) is never flushed
				// apart: the container sends it in one write when the handler returns
				if (unflushed && !whole && !queue.hasNext()) {
					response.flushBuffer();
					unflushed = false;
				}
				HttpPart part = queue.take();
				if (part == null) {
					break;
				}
				whole |= part instanceof HttpPart.Head head && head.headers().containsKey("content-length");
				unflushed |= write(part, response);
				queue.request();
			}
		}
		catch (IOException | RuntimeException ex) {
			queue.cancel();
			throw ex;
		}
		catch (InterruptedException ex) {
			queue.cancel();
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Write a part, unflushed.
	 * @return whether body bytes were written
	 */
	private static boolean write(HttpPart part, HttpServletResponse response) throws IOException {
		if (part instanceof HttpPart.Head head) {
			response.setStatus(head.status());
			head.headers().forEach((name, values) -> values.forEach((value) -> response.addHeader(name, value)));
			return false;
		}
		if (part instanceof HttpPart.Chunk chunk) {
			OutputStream out = response.getOutputStream();
			out.write(chunk.bytes());
			return true;
		}
		return false;
	}

	/**
	 * Read the whole body, or return {@code null} when it is larger than the maximum.
	 */
	private static byte @Nullable [] readBody(InputStream in, int max) throws IOException {
		byte[] body = in.readNBytes(max);
		if (body.length == max && in.read() != -1) {
			return null;
		}
		return body;
	}

	/**
	 * Hands parts from the call's threads to the request thread, one at a time: the call
	 * only ever has one part in hand more than the request thread wrote.
	 */
	private static final class PartQueue implements Flow.Subscriber<HttpPart> {

		private final List<HttpPart> parts = new ArrayList<>(2);

		private Flow.@Nullable Subscription subscription;

		private boolean complete;

		private @Nullable Throwable failure;

		@Override
		public synchronized void onSubscribe(Flow.Subscription subscription) {
			this.subscription = subscription;
			notifyAll();
		}

		@Override
		public synchronized void onNext(HttpPart item) {
			this.parts.add(item);
			notifyAll();
		}

		@Override
		public synchronized void onError(Throwable throwable) {
			this.failure = throwable;
			notifyAll();
		}

		@Override
		public synchronized void onComplete() {
			this.complete = true;
			notifyAll();
		}

		void request() throws InterruptedException {
			subscription().request(1);
		}

		void cancel() {
			Flow.Subscription subscription = this.subscription;
			if (subscription != null) {
				subscription.cancel();
			}
		}

		/** Whether {@link #take} would answer without waiting. */
		synchronized boolean hasNext() {
			return !this.parts.isEmpty() || this.complete || this.failure != null;
		}

		synchronized @Nullable HttpPart take() throws InterruptedException {
			while (this.parts.isEmpty() && !this.complete && this.failure == null) {
				wait();
			}
			if (!this.parts.isEmpty()) {
				return this.parts.remove(0);
			}
			if (this.failure != null) {
				throw new IllegalStateException("HTTP-to-gRPC call failed", this.failure);
			}
			return null;
		}

		private synchronized Flow.Subscription subscription() throws InterruptedException {
			while (this.subscription == null) {
				wait();
			}
			return this.subscription;
		}

	}

}
