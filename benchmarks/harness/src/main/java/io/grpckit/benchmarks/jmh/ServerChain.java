package io.grpckit.benchmarks.jmh;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpckit.server.error.ExceptionMappingServerInterceptor;
import io.grpckit.server.error.UnparsableRequestMapping;
import io.grpckit.server.interceptor.CompressionServerInterceptor;
import io.grpckit.server.interceptor.RequestIdServerInterceptor;
import io.grpckit.server.interceptor.ResponseCompression;

/**
 * What the server starter wraps around a service, one piece at a time and all together.
 * Interceptors are listed outermost first, in {@code InterceptorOrder}; the parse wrapper
 * goes around the intercepted service, as {@code GrpcServiceDiscoverer} does it.
 * A new built-in interceptor is one constant here, plus its supplier in {@code KIT}.
 */
public enum ServerChain {

	/** Nothing: the service as grpc-java serves it. */
	BARE(false),

	REQUEST_ID(false, RequestIdServerInterceptor::new),

	EXCEPTION_MAPPING(false, () -> new ExceptionMappingServerInterceptor(List.of())),

	COMPRESSION(false, () -> new CompressionServerInterceptor(ResponseCompression.MIRROR)),

	// OBSERVATION(false, () -> ...),  once issue 8 lands; add it to KIT as well
	// SECURITY(false, () -> ...),     once the security issue lands; add it to KIT as well

	/** {@code UnparsableRequestMapping}: raw messages, parsed inside the kit's listener. */
	PARSE_WRAPPER(true),

	/** Everything the starter adds by default, in its order. */
	KIT(true, RequestIdServerInterceptor::new, () -> new ExceptionMappingServerInterceptor(List.of()),
			() -> new CompressionServerInterceptor(ResponseCompression.MIRROR));

	private final boolean parseWrapper;

	private final List<Supplier<ServerInterceptor>> interceptors;

	@SafeVarargs
	ServerChain(boolean parseWrapper, Supplier<ServerInterceptor>... interceptors) {
		this.parseWrapper = parseWrapper;
		this.interceptors = List.of(interceptors);
	}

	public ServerServiceDefinition apply(ServerServiceDefinition service) {
		List<ServerInterceptor> chain = new ArrayList<>();
		this.interceptors.forEach((supplier) -> chain.add(supplier.get()));
		ServerServiceDefinition intercepted = ServerInterceptors.interceptForward(service, chain);
		return this.parseWrapper ? UnparsableRequestMapping.wrap(intercepted) : intercepted;
	}

}
