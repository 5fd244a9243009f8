package io.grpckit.server.accesslog;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpckit.InterceptorOrder;
import io.grpckit.RequestId;

import org.springframework.core.Ordered;

/**
 * Hands the request id of a call to its access-log record. It runs right inside the
 * request id interceptor, which may have generated the id; it must be a global
 * interceptor of a server that has the {@link AccessLogStreamTracerFactory}, and does
 * nothing on a call without one.
 */
public class AccessLogServerInterceptor implements ServerInterceptor, Ordered {

	/** Order: just inside the request id interceptor. */
	public static final int ORDER = InterceptorOrder.REQUEST_ID + 1;

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
			ServerCallHandler<ReqT, RespT> next) {
		AccessLogStreamTracer record = AccessLogStreamTracer.CONTEXT_KEY.get();
		if (record != null) {
			record.requestId(RequestId.current());
		}
		return next.startCall(call, headers);
	}

}
