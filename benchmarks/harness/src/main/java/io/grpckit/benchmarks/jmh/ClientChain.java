package io.grpckit.benchmarks.jmh;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.grpc.Channel;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpckit.client.interceptor.RequestIdClientInterceptor;
import io.grpckit.client.observation.GrpcClientObservationInterceptor;
import io.micrometer.core.instrument.binder.grpc.ObservationGrpcClientInterceptor;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;

/**
 * What the client starter wraps around a channel, one piece at a time and all together,
 * outermost first, in {@code InterceptorOrder}. The client side of {@link ServerChain}.
 */
public enum ClientChain {

	/** Nothing: the channel as grpc-java makes it. */
	BARE,

	/** Forwards the request id of the call being served (the benchmark calls inside one). */
	REQUEST_ID(RequestIdClientInterceptor::new),

	/**
	 * The kit's observation as the auto-configuration picks it with Actuator and no
	 * tracing: meters only, the same as a meter handler makes, without an observation.
	 */
	OBSERVATION(Observation::kit),

	/**
	 * The kit's observation with a meter handler, observing every call (with tracing, or
	 * {@code fast-path=false}).
	 */
	OBSERVATION_FULL(Observation::full),

	/** Micrometer's own interceptor, which the kit's replaces. */
	MICROMETER_OBSERVATION(Observation::micrometer),

	/** The defaults with Actuator: request id forwarding and observation. */
	KIT_OBSERVED(RequestIdClientInterceptor::new, Observation::kit);

	private final List<Supplier<ClientInterceptor>> interceptors;

	@SafeVarargs
	ClientChain(Supplier<ClientInterceptor>... interceptors) {
		this.interceptors = List.of(interceptors);
	}

	public Channel apply(Channel channel) {
		List<ClientInterceptor> chain = new ArrayList<>();
		this.interceptors.forEach((supplier) -> chain.add(supplier.get()));
		return ClientInterceptors.interceptForward(channel, chain);
	}

	private static final class Observation {

		static ClientInterceptor kit() {
			return GrpcClientObservationInterceptor.metricsOnly(new SimpleMeterRegistry(), true);
		}

		static ClientInterceptor full() {
			SimpleMeterRegistry meters = new SimpleMeterRegistry();
			return new GrpcClientObservationInterceptor(registry(meters), meters, null);
		}

		static ClientInterceptor micrometer() {
			return new ObservationGrpcClientInterceptor(registry(new SimpleMeterRegistry()));
		}

		private static ObservationRegistry registry(SimpleMeterRegistry meters) {
			ObservationRegistry registry = ObservationRegistry.create();
			registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
			return registry;
		}

	}

}
