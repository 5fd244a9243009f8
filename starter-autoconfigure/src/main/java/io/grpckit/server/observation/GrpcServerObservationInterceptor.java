package io.grpckit.server.observation;

import io.grpc.Attributes;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpckit.internal.observation.Authorities;
import io.grpckit.internal.observation.MessageCounter;
import io.grpckit.internal.observation.MessageCounters;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.grpc.DefaultGrpcServerObservationConvention;
import io.micrometer.core.instrument.binder.grpc.GrpcObservationDocumentation;
import io.micrometer.core.instrument.binder.grpc.GrpcObservationDocumentation.GrpcServerEvents;
import io.micrometer.core.instrument.binder.grpc.GrpcServerObservationContext;
import io.micrometer.core.instrument.binder.grpc.GrpcServerObservationConvention;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Observes served calls with Micrometer's gRPC observation (the same
 * {@code grpc.server} observation, conventions and context as Micrometer's
 * {@code ObservationGrpcServerInterceptor}, so timers, tags and trace propagation are
 * alike), but counts messages without an observation event per message.
 * <p>
 * Micrometer's interceptor turns every message into an event, and the meter handler
 * turns every event into a counter lookup in the registry: about a microsecond per
 * streamed message, more than grpc-java spends sending it. Here each call looks its
 * {@code grpc.server.sent} and {@code grpc.server.received} counters up once and
 * increments them per message. Messages therefore no longer show as span events.
 * <p>
 * {@link #metricsOnly} makes one that records the same meters without an observation: for
 * when Micrometer's meter handler is the only handler that would see it (no tracing, no
 * other handler, filter or convention), which the auto-configuration finds out and then
 * uses by default. The service then sees no current observation.
 */
public class GrpcServerObservationInterceptor implements ServerInterceptor {

	/**
	 * A transport attribute: the calls of a transport that carries it are observed by
	 * whoever set it, not by this interceptor (the HTTP side's in-process server sets it,
	 * its calls being observed as HTTP requests).
	 */
	public static final Attributes.Key<Boolean> OBSERVED_ELSEWHERE = Attributes.Key
		.create("grpckit.observation.observed-elsewhere");

	private static final GrpcServerObservationConvention DEFAULT_CONVENTION = new DefaultGrpcServerObservationConvention();

	private final ObservationRegistry observationRegistry;

	private final @Nullable MessageCounters messageCounters;

	private final @Nullable GrpcServerObservationConvention customConvention;

	private final @Nullable MeteredServerCalls meteredCalls;

	/**
	 * Create an interceptor.
	 * @param observationRegistry where calls are observed
	 * @param meterRegistry where messages are counted, or {@code null} not to count them
	 * @param customConvention the convention to use instead of Micrometer's default, or
	 * {@code null}
	 */
	public GrpcServerObservationInterceptor(ObservationRegistry observationRegistry,
			@Nullable MeterRegistry meterRegistry, @Nullable GrpcServerObservationConvention customConvention) {
		this.observationRegistry = observationRegistry;
		this.messageCounters = (meterRegistry != null) ? new MessageCounters(meterRegistry) : null;
		this.customConvention = customConvention;
		this.meteredCalls = null;
	}

	private GrpcServerObservationInterceptor(MeteredServerCalls meteredCalls) {
		this.observationRegistry = ObservationRegistry.NOOP;
		this.messageCounters = null;
		this.customConvention = null;
		this.meteredCalls = meteredCalls;
	}

	/**
	 * Create an interceptor that records the meters Micrometer's
	 * {@code DefaultMeterObservationHandler} would record of each call's {@code grpc.server}
	 * observation (same names, tags and counts, with Micrometer's default convention), but
	 * without creating the observation: no context, key values, scope or handler dispatch
	 * per call, and each method's meters looked up once. Only equivalent while that
	 * handler is the only one: tracing needs the observation.
	 * @param meterRegistry where calls are measured
	 * @param longTaskTimer whether to keep the {@code grpc.server.active} long task timer
	 * (the handler does unless told to ignore it)
	 * @return the interceptor
	 */
	public static GrpcServerObservationInterceptor metricsOnly(MeterRegistry meterRegistry, boolean longTaskTimer) {
		return new GrpcServerObservationInterceptor(new MeteredServerCalls(meterRegistry, longTaskTimer));
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
	public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
			ServerCallHandler<ReqT, RespT> next) {
		if (Boolean.TRUE.equals(call.getAttributes().get(OBSERVED_ELSEWHERE))) {
			return next.startCall(call, headers);
		}
		if (this.meteredCalls != null) {
			return this.meteredCalls.interceptCall(call, headers, next);
		}
		Observation observation = GrpcObservationDocumentation.SERVER
			.observation(this.customConvention, DEFAULT_CONVENTION, () -> context(call, headers),
					this.observationRegistry)
			.start();
		if (observation.isNoop()) {
			return next.startCall(call, headers);
		}
		MessageCounter sent = counter(observation, GrpcServerEvents.MESSAGE_SENT);
		MessageCounter received = counter(observation, GrpcServerEvents.MESSAGE_RECEIVED);
		ObservedServerCall<ReqT, RespT> observedCall = new ObservedServerCall<>(call, observation, sent);
		try (Observation.Scope scope = observation.openScope()) {
			return new ObservedServerCallListener<>(next.startCall(observedCall, headers), observation, received);
		}
		catch (RuntimeException | Error ex) {
			observation.error(ex);
			observation.stop();
			throw ex;
		}
	}

	private @Nullable MessageCounter counter(Observation observation, Observation.Event event) {
		return (this.messageCounters != null) ? this.messageCounters.forCall(observation.getContext(), event) : null;
	}

	private static GrpcServerObservationContext context(ServerCall<?, ?> call, Metadata headers) {
		GrpcServerObservationContext context = new GrpcServerObservationContext(
				(carrier, key) -> carrier.get(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER)));
		context.setCarrier(headers);
		context.setServiceName(call.getMethodDescriptor().getServiceName());
		context.setMethodName(call.getMethodDescriptor().getBareMethodName());
		context.setFullMethodName(call.getMethodDescriptor().getFullMethodName());
		context.setMethodType(call.getMethodDescriptor().getType());
		context.setAuthority(call.getAuthority());
		Authorities.split(call.getAuthority(), context::setPeerName, context::setPeerPort);
		return context;
	}

}
