package io.grpckit.client.interceptor;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpckit.InterceptorOrder;
import io.grpckit.RequestId;

import org.springframework.core.Ordered;

/**
 * Forwards the request id of the call being served ({@link RequestId#current()}) in the
 * {@code x-request-id} header of outgoing calls, so one id follows a request across
 * services. Calls made outside a served call, or that set the header themselves, are left
 * unchanged.
 */
public final class RequestIdClientInterceptor implements ClientInterceptor, Ordered {

	@Override
	public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(MethodDescriptor<ReqT, RespT> method,
			CallOptions callOptions, Channel next) {
		// read at call creation: that is the thread (and Context) of the caller
		String requestId = RequestId.current();
		ClientCall<ReqT, RespT> call = next.newCall(method, callOptions);
		if (requestId == null) {
			return call;
		}
		return new SimpleForwardingClientCall<>(call) {

			@Override
			public void start(Listener<RespT> responseListener, Metadata headers) {
				if (!headers.containsKey(RequestId.HEADER)) {
					headers.put(RequestId.HEADER, requestId);
				}
				super.start(responseListener, headers);
			}

		};
	}

	@Override
	public int getOrder() {
		return InterceptorOrder.REQUEST_ID;
	}

}
