package io.grpckit.demo.greeter;

import io.grpc.Attributes;
import io.grpc.CallOptions;
import io.grpc.ClientStreamTracer;
import io.grpc.Metadata;

/**
 * Sends a {@code grpc-timeout} request header without giving the client call a deadline,
 * so the client never cancels by itself: the call can only end at the deadline if the
 * server ends it, and the status the client sees is the one the server sent. (A bare
 * RST_STREAM from the server would show up as CANCELLED, not DEADLINE_EXCEEDED.)
 * <p>
 * grpc-java drops a {@code grpc-timeout} set by interceptors, so the header is added by a
 * stream tracer, which sees the headers last.
 */
final class ServerOnlyDeadline extends ClientStreamTracer.Factory {

	private static final Metadata.Key<String> TIMEOUT = Metadata.Key.of("grpc-timeout",
			Metadata.ASCII_STRING_MARSHALLER);

	private final long millis;

	private ServerOnlyDeadline(long millis) {
		this.millis = millis;
	}

	/** Call options that give the server, and only the server, a deadline of this many milliseconds. */
	static CallOptions of(long millis) {
		return CallOptions.DEFAULT.withStreamTracerFactory(new ServerOnlyDeadline(millis));
	}

	@Override
	public ClientStreamTracer newClientStreamTracer(ClientStreamTracer.StreamInfo info, Metadata headers) {
		return new ClientStreamTracer() {
			@Override
			public void streamCreated(Attributes transportAttrs, Metadata headers) {
				headers.discardAll(TIMEOUT);
				headers.put(TIMEOUT, ServerOnlyDeadline.this.millis + "m");
			}
		};
	}

}
