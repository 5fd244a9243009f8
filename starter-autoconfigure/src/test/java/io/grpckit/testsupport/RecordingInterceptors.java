package io.grpckit.testsupport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpckit.RequestId;

/**
 * Interceptors that record the order in which they see a call.
 */
public final class RecordingInterceptors {

	public static final List<String> seen = new CopyOnWriteArrayList<>();

	private RecordingInterceptors() {
	}

	public static ServerInterceptor named(String name) {
		return new Recording(name);
	}

	static class Recording implements ServerInterceptor {

		private final String name;

		Recording(String name) {
			this.name = name;
		}

		@Override
		public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
				ServerCallHandler<ReqT, RespT> next) {
			// the request id interceptor runs outside every user interceptor
			seen.add(this.name + ((RequestId.current() != null) ? "" : "(no request id)"));
			return next.startCall(call, headers);
		}

	}

	/** A per-service interceptor given by class. */
	public static class ServiceInterceptorC extends Recording {

		public ServiceInterceptorC() {
			super("service-C");
		}

	}

}
