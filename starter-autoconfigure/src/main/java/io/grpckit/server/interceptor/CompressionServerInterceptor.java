package io.grpckit.server.interceptor;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpckit.InterceptorOrder;

import org.springframework.core.Ordered;

/**
 * Applies the response compression policy. grpc-java itself falls back to no compression
 * when the client's {@code grpc-accept-encoding} lacks gzip, so a client that cannot read
 * gzip never gets it.
 */
public class CompressionServerInterceptor implements ServerInterceptor, Ordered {

	private static final String GZIP = "gzip";

	private static final Metadata.Key<String> MESSAGE_ENCODING = Metadata.Key.of("grpc-encoding",
			Metadata.ASCII_STRING_MARSHALLER);

	private final ResponseCompression policy;

	public CompressionServerInterceptor(ResponseCompression policy) {
		this.policy = policy;
	}

	@Override
	public int getOrder() {
		return InterceptorOrder.COMPRESSION;
	}

	@Override
	public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
			ServerCallHandler<ReqT, RespT> next) {
		if (this.policy == ResponseCompression.ALWAYS
				|| (this.policy == ResponseCompression.MIRROR && GZIP.equals(headers.get(MESSAGE_ENCODING)))) {
			call.setCompression(GZIP);
		}
		return next.startCall(call, headers);
	}

}
