package io.grpckit.client.observation;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpckit.internal.observation.Authorities;
import io.grpckit.internal.observation.MessageCounter;
import io.grpckit.internal.observation.MessageCounters;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.grpc.DefaultGrpcClientObservationConvention;
import io.micrometer.core.instrument.binder.grpc.GrpcClientObservationContext;
import io.micrometer.core.instrument.binder.grpc.GrpcClientObservationConvention;
import io.micrometer.core.instrument.binder.grpc.GrpcObservationDocumentation;
import io.micrometer.core.instrument.binder.grpc.GrpcObservationDocumentation.GrpcClientEvents;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Observes outgoing calls with Micrometer's gRPC observation (the same {@code grpc.client}
 * observation, conventions and context as Micrometer's
 * {@code ObservationGrpcClientInterceptor}, so timers, tags and the propagated trace
 * headers are alike), but counts messages without an observation event per message: each
 * call looks its {@code grpc.client.sent} and {@code grpc.client.received} counters up
 * once. Messages therefore no longer show as span events.
 * <p>
 * {@link #metricsOnly} makes one that records the same meters without an observation: for
 * when Micrometer's meter handler is the only handler that would see it (no tracing, no
 * other handler, filter or convention), which the auto-configuration finds out and then
 * uses by default.
 */
public class GrpcClientObservationInterceptor implements ClientInterceptor {

	private static final GrpcClientObservationConvention DEFAULT_CONVENTION = new DefaultGrpcClientObservationConvention();

	private static final Map<String, Metadata.Key<String>> KEYS = new ConcurrentHashMap<>();

	private final ObservationRegistry observationRegistry;

	private final @Nullable MessageCounters messageCounters;

	private final @Nullable GrpcClientObservationConvention customConvention;

	private final @Nullable MeteredClientCalls meteredCalls;

	/**
	 * Create an interceptor.
	 * @param observationRegistry where calls are observed
	 * @param meterRegistry where messages are counted, or {@code null} not to count them
	 * @param customConvention the convention to use instead of Micrometer's default, or
	 * {@code null}
	 */
	public GrpcClientObservationInterceptor(ObservationRegistry observationRegistry,
			@Nullable MeterRegistry meterRegistry, @Nullable GrpcClientObservationConvention customConvention) {
		this.observationRegistry = observationRegistry;
		this.messageCounters = (meterRegistry != null) ? new MessageCounters(meterRegistry) : null;
		this.customConvention = customConvention;
		this.meteredCalls = null;
	}

	private GrpcClientObservationInterceptor(MeteredClientCalls meteredCalls) {
		this.observationRegistry = ObservationRegistry.NOOP;
		this.messageCounters = null;
		this.customConvention = null;
		this.meteredCalls = meteredCalls;
	}

	/**
	 * Create an interceptor that records the meters Micrometer's
	 * {@code DefaultMeterObservationHandler} would record of each call's {@code grpc.client}
	 * observation (same names, tags and counts, with Micrometer's default convention), but
	 * without creating the observation: no context, key values, scope or handler dispatch
	 * per call, and the meters of each method and authority looked up once. Only
	 * equivalent while that handler is the only one: tracing (and the trace headers sent
	 * with each call) needs the observation.
	 * @param meterRegistry where calls are measured
	 * @param longTaskTimer whether to keep the {@code grpc.client.active} long task timer
	 * (the handler does unless told to ignore it)
	 * @return the interceptor
	 */
	public static GrpcClientObservationInterceptor metricsOnly(MeterRegistry meterRegistry, boolean longTaskTimer) {
		return new GrpcClientObservationInterceptor(new MeteredClientCalls(meterRegistry, longTaskTimer));
	}

	/**
	 * Whether this interceptor records meters only, without observations (see
	 * {@link #metricsOnly}).
	 * @return {@code true} for the metrics-only interceptor
	 */
	public boolean isMetricsOnly() {
		return this.meteredCalls != null;
	}

	@Override
	public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(MethodDescriptor<ReqT, RespT> method,
			CallOptions callOptions, Channel next) {
		if (this.meteredCalls != null) {
			return this.meteredCalls.interceptCall(method, callOptions, next);
		}
		Observation observation = GrpcObservationDocumentation.CLIENT.observation(this.customConvention,
				DEFAULT_CONVENTION, () -> context(method, next), this.observationRegistry);
		if (observation.isNoop()) {
			return next.newCall(method, callOptions);
		}
		return new ObservedClientCall<>(next.newCall(method, callOptions), observation,
				counter(observation, GrpcClientEvents.MESSAGE_SENT),
				counter(observation, GrpcClientEvents.MESSAGE_RECEIVED));
	}

	private @Nullable MessageCounter counter(Observation observation, Observation.Event event) {
		return (this.messageCounters != null) ? this.messageCounters.forCall(observation.getContext(), event) : null;
	}

	private static GrpcClientObservationContext context(MethodDescriptor<?, ?> method, Channel channel) {
		GrpcClientObservationContext context = new GrpcClientObservationContext((carrier, key, value) -> {
			Metadata.Key<String> metadataKey = KEYS.computeIfAbsent(key,
					(name) -> Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER));
			carrier.removeAll(metadataKey);
			carrier.put(metadataKey, value);
		});
		if (method.getServiceName() != null) {
			context.setServiceName(method.getServiceName());
		}
		if (method.getBareMethodName() != null) {
			context.setMethodName(method.getBareMethodName());
		}
		context.setFullMethodName(method.getFullMethodName());
		context.setMethodType(method.getType());
		context.setAuthority(channel.authority());
		Authorities.split(channel.authority(), context::setPeerName, context::setPeerPort);
		return context;
	}

}
