package io.grpckit.benchmarks.jmh;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpckit.server.error.ExceptionMappingServerInterceptor;
import io.grpckit.server.interceptor.CompressionServerInterceptor;
import io.grpckit.server.interceptor.RequestIdServerInterceptor;
import io.grpckit.server.interceptor.ResponseCompression;
import io.grpckit.server.internal.UnparsableRequestMapping;
import io.grpckit.server.observation.GrpcServerObservationInterceptor;
import io.grpckit.server.security.AuthenticationServerInterceptor;
import io.grpckit.server.security.BasicAuthenticationReader;
import io.grpckit.server.security.GrpcAccess;
import io.grpckit.server.security.GrpcMethodRules;
import io.micrometer.core.instrument.binder.grpc.ObservationGrpcServerInterceptor;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;

/**
 * What the server starter wraps around a service, one piece at a time and all together.
 * Interceptors are listed outermost first, in {@code InterceptorOrder}; the parse wrapper
 * goes around the intercepted service, as {@code GrpcServiceDiscoverer} does it.
 * A new built-in interceptor is one constant here, plus its supplier in {@code KIT} when
 * it is on by default.
 */
public enum ServerChain {

	/** Nothing: the service as grpc-java serves it. */
	BARE(false),

	REQUEST_ID(false, RequestIdServerInterceptor::new),

	EXCEPTION_MAPPING(false, () -> new ExceptionMappingServerInterceptor(List.of())),

	COMPRESSION(false, () -> new CompressionServerInterceptor(ResponseCompression.MIRROR)),

	/**
	 * The kit's observation as the auto-configuration picks it with Actuator and no
	 * tracing: meters only, the same as a meter handler makes, without an observation.
	 */
	OBSERVATION(false, Observation::kit),

	/**
	 * The kit's observation with a meter handler, observing every call (with tracing, or
	 * {@code fast-path=false}).
	 */
	OBSERVATION_FULL(false, Observation::full),

	/** Micrometer's own interceptor, which the kit's replaces: one counter lookup per message. */
	MICROMETER_OBSERVATION(false, Observation::micrometer),

	/**
	 * Authentication (HTTP Basic read from the headers) and a method rule. The
	 * authentication manager accepts without checking a password, so that the number is the
	 * interceptor's and not a password hash's; the client sends the header.
	 */
	SECURITY(false, Security::interceptor),

	/** {@code UnparsableRequestMapping}: raw messages, parsed inside the kit's listener. */
	PARSE_WRAPPER(true),

	/** Everything the starter adds by default without Actuator, in its order. */
	KIT(true, RequestIdServerInterceptor::new, () -> new ExceptionMappingServerInterceptor(List.of()),
			() -> new CompressionServerInterceptor(ResponseCompression.MIRROR)),

	/** The defaults with Actuator, as the demos run: observation comes in. */
	KIT_OBSERVED(true, RequestIdServerInterceptor::new, Observation::kit,
			() -> new ExceptionMappingServerInterceptor(List.of()),
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

	private static final class Observation {

		static ServerInterceptor kit() {
			return GrpcServerObservationInterceptor.metricsOnly(new SimpleMeterRegistry(), true);
		}

		static ServerInterceptor full() {
			SimpleMeterRegistry meters = new SimpleMeterRegistry();
			return new GrpcServerObservationInterceptor(registry(meters), meters, null);
		}

		static ServerInterceptor micrometer() {
			return new ObservationGrpcServerInterceptor(registry(new SimpleMeterRegistry()));
		}

		private static ObservationRegistry registry(SimpleMeterRegistry meters) {
			ObservationRegistry registry = ObservationRegistry.create();
			registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
			return registry;
		}

	}

	private static final class Security {

		static ServerInterceptor interceptor() {
			AuthenticationManager acceptAll = (authentication) -> UsernamePasswordAuthenticationToken
				.authenticated(authentication.getPrincipal(), null, List.of());
			GrpcMethodRules rules = new GrpcMethodRules(List.of(), GrpcAccess.AUTHENTICATED);
			return new AuthenticationServerInterceptor(List.of(new BasicAuthenticationReader()), acceptAll, rules);
		}

	}

}
