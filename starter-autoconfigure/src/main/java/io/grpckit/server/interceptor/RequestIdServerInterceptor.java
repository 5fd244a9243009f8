package io.grpckit.server.interceptor;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import io.grpc.Context;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpckit.InterceptorOrder;
import io.grpckit.RequestId;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;

/**
 * Gives every call a request id: the caller's {@code x-request-id} header when it is a
 * sensible one, a fresh UUID otherwise. The id is echoed in the response headers (in the
 * trailers of a trailers-only response), available to service code through
 * {@link RequestId#current()} and in the logging MDC for every log line of the call: while
 * the interceptors inside this one start the call, while the call's callbacks run, and
 * while service code sends headers, messages and the status. It runs first (outermost) for
 * that; the MDC is put back as it was afterwards, so nothing stays behind on a pooled
 * thread.
 */
public class RequestIdServerInterceptor implements ServerInterceptor, Ordered {

	private static final int MAX_LENGTH = 128;

	private final Mdc mdc = Mdc.create();

	@Override
	public int getOrder() {
		return InterceptorOrder.REQUEST_ID;
	}

	@Override
	public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
			ServerCallHandler<ReqT, RespT> next) {
		String requestId = acceptOrGenerate(headers.get(RequestId.HEADER));
		Context context = RequestId.withRequestId(Context.current(), requestId);
		ServerCall<ReqT, RespT> echoing = new EchoingServerCall<>(call, requestId, this.mdc);
		// the interceptors inside this one and the service's startCall see the id too
		Context previousContext = context.attach();
		String previous = this.mdc.enter(requestId);
		try {
			return new RequestIdListener<>(next.startCall(echoing, headers), context, requestId, this.mdc);
		}
		finally {
			this.mdc.exit(requestId, previous);
			context.detach(previousContext);
		}
	}

	static String acceptOrGenerate(@Nullable String candidate) {
		if (candidate != null && isSensible(candidate)) {
			return candidate;
		}
		return randomUuid().toString();
	}

	/** Visible ASCII, 1 to 128 characters; a plain loop, as this runs on every call. */
	private static boolean isSensible(String candidate) {
		int length = candidate.length();
		if (length == 0 || length > MAX_LENGTH) {
			return false;
		}
		for (int i = 0; i < length; i++) {
			char c = candidate.charAt(i);
			if (c <= 0x20 || c >= 0x7f) {
				return false;
			}
		}
		return true;
	}

	/**
	 * A version 4 UUID from {@link ThreadLocalRandom}: request ids must be unique, not
	 * unguessable, and {@link UUID#randomUUID()} draws from one shared SecureRandom, the
	 * largest per-call cost of the interceptor chain (see docs/benchmarks.md).
	 */
	static UUID randomUuid() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		long mostSignificant = (random.nextLong() & ~0xF000L) | 0x4000L;
		long leastSignificant = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
		return new UUID(mostSignificant, leastSignificant);
	}

	/**
	 * Echoes the id, and puts it in the MDC while the call's methods run: service code may
	 * send from a thread of its own, and what runs below (earlier interceptors, the
	 * transport) logs with the id then too.
	 */
	private static final class EchoingServerCall<ReqT, RespT> extends SimpleForwardingServerCall<ReqT, RespT> {

		private final String requestId;

		private final Mdc mdc;

		// sendHeaders and close may come from different threads (one at a time, by contract)
		private volatile boolean headersSent;

		EchoingServerCall(ServerCall<ReqT, RespT> delegate, String requestId, Mdc mdc) {
			super(delegate);
			this.requestId = requestId;
			this.mdc = mdc;
		}

		@Override
		public void sendHeaders(Metadata headers) {
			headers.put(RequestId.HEADER, this.requestId);
			this.headersSent = true;
			String previous = this.mdc.enter(this.requestId);
			try {
				super.sendHeaders(headers);
			}
			finally {
				this.mdc.exit(this.requestId, previous);
			}
		}

		@Override
		public void sendMessage(RespT message) {
			String previous = this.mdc.enter(this.requestId);
			try {
				super.sendMessage(message);
			}
			finally {
				this.mdc.exit(this.requestId, previous);
			}
		}

		@Override
		public void close(Status status, Metadata trailers) {
			if (!this.headersSent) {
				// trailers-only response: its trailers are the only headers the client sees
				trailers.put(RequestId.HEADER, this.requestId);
			}
			String previous = this.mdc.enter(this.requestId);
			try {
				super.close(status, trailers);
			}
			finally {
				this.mdc.exit(this.requestId, previous);
			}
		}

	}

	/**
	 * Makes the id current, in the gRPC context and the MDC, while each callback runs: what
	 * Contexts.interceptCall's listener does for the context, in one layer with the MDC
	 * instead of two, as this runs around every callback of every call.
	 */
	private static final class RequestIdListener<ReqT> extends SimpleForwardingServerCallListener<ReqT> {

		private final Context context;

		private final String requestId;

		private final Mdc mdc;

		RequestIdListener(ServerCall.Listener<ReqT> delegate, Context context, String requestId, Mdc mdc) {
			super(delegate);
			this.context = context;
			this.requestId = requestId;
			this.mdc = mdc;
		}

		@Override
		public void onMessage(ReqT message) {
			Context previousContext = this.context.attach();
			String previous = this.mdc.enter(this.requestId);
			try {
				super.onMessage(message);
			}
			finally {
				this.mdc.exit(this.requestId, previous);
				this.context.detach(previousContext);
			}
		}

		@Override
		public void onHalfClose() {
			Context previousContext = this.context.attach();
			String previous = this.mdc.enter(this.requestId);
			try {
				super.onHalfClose();
			}
			finally {
				this.mdc.exit(this.requestId, previous);
				this.context.detach(previousContext);
			}
		}

		@Override
		public void onCancel() {
			Context previousContext = this.context.attach();
			String previous = this.mdc.enter(this.requestId);
			try {
				super.onCancel();
			}
			finally {
				this.mdc.exit(this.requestId, previous);
				this.context.detach(previousContext);
			}
		}

		@Override
		public void onComplete() {
			Context previousContext = this.context.attach();
			String previous = this.mdc.enter(this.requestId);
			try {
				super.onComplete();
			}
			finally {
				this.mdc.exit(this.requestId, previous);
				this.context.detach(previousContext);
			}
		}

		@Override
		public void onReady() {
			Context previousContext = this.context.attach();
			String previous = this.mdc.enter(this.requestId);
			try {
				super.onReady();
			}
			finally {
				this.mdc.exit(this.requestId, previous);
				this.context.detach(previousContext);
			}
		}

	}

}
