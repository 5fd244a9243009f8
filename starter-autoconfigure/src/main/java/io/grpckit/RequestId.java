package io.grpckit;

import io.grpc.Context;
import io.grpc.Metadata;
import org.jspecify.annotations.Nullable;

/**
 * The request id of the gRPC call being handled: read from, or generated for, the
 * {@code x-request-id} header, echoed to the caller and forwarded to outgoing calls.
 */
public final class RequestId {

	/** Header that carries the request id, in requests and responses. */
	public static final Metadata.Key<String> HEADER = Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER);

	/** Key under which the request id is placed in the logging MDC while a call is handled. */
	public static final String MDC_KEY = "requestId";

	static final Context.Key<String> CONTEXT_KEY = Context.key("grpckit-request-id");

	private RequestId() {
	}

	/**
	 * Return the request id of the call being handled on this thread (or in the
	 * {@link Context} attached to it), or {@code null} outside a call.
	 * @return the request id, or {@code null}
	 */
	public static @Nullable String current() {
		return CONTEXT_KEY.get();
	}

	/**
	 * Return a context that carries the given request id.
	 * @param context the context to extend
	 * @param requestId the request id
	 * @return a new context
	 */
	public static Context withRequestId(Context context, String requestId) {
		return context.withValue(CONTEXT_KEY, requestId);
	}

}
