package io.grpckit.client.autoconfigure;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.MethodDescriptor;
import org.jspecify.annotations.Nullable;

/**
 * Applies channel-wide call options: wait-for-ready and compression of outgoing messages.
 * A per-method {@code waitForReady} in the service config still overrides the channel's.
 */
final class CallOptionsClientInterceptor implements ClientInterceptor {

	private final boolean waitForReady;

	private final @Nullable String compressor;

	/**
	 * Create an interceptor.
	 * @param waitForReady whether calls wait for the channel to be ready
	 * @param compressor the compressor of outgoing messages, e.g. {@code gzip}, or
	 * {@code null} for none
	 */
	CallOptionsClientInterceptor(boolean waitForReady, @Nullable String compressor) {
		this.waitForReady = waitForReady;
		this.compressor = compressor;
	}

	@Override
	public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(MethodDescriptor<ReqT, RespT> method,
			CallOptions callOptions, Channel next) {
		if (this.waitForReady) {
			callOptions = callOptions.withWaitForReady();
		}
		if (this.compressor != null && callOptions.getCompressor() == null) {
			callOptions = callOptions.withCompression(this.compressor);
		}
		return next.newCall(method, callOptions);
	}

}
