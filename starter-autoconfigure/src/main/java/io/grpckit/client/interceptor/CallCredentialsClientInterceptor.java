package io.grpckit.client.interceptor;

import io.grpc.CallCredentials;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.MethodDescriptor;

/**
 * Attaches call credentials to every call of a channel that has none of its own, so that
 * credentials set on a stub with {@code withCallCredentials} still win.
 */
public class CallCredentialsClientInterceptor implements ClientInterceptor {

	private final CallCredentials credentials;

	public CallCredentialsClientInterceptor(CallCredentials credentials) {
		this.credentials = credentials;
	}

	@Override
	public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(MethodDescriptor<ReqT, RespT> method,
			CallOptions callOptions, Channel next) {
		CallOptions options = (callOptions.getCredentials() != null) ? callOptions
				: callOptions.withCallCredentials(this.credentials);
		return next.newCall(method, options);
	}

}
