package io.grpckit.server.observation;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.Status;
import io.grpckit.internal.observation.CallMeters;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.grpc.DefaultGrpcServerObservationConvention;
import io.micrometer.core.instrument.binder.grpc.GrpcServerObservationContext;
import org.jspecify.annotations.Nullable;

/**
 * The metrics-only path of {@link GrpcServerObservationInterceptor}: the meters Micrometer's
 * meter handler would make of each call's {@code grpc.server} observation, recorded without
 * the observation. Each method's meters are found once ({@link CallMeters}) and forgotten
 * when the registry removes any meter.
 */
final class MeteredServerCalls {

	private static final DefaultGrpcServerObservationConvention CONVENTION = new DefaultGrpcServerObservationConvention();

	private final MeterRegistry registry;

	private final boolean longTaskTimer;

	private final Map<MethodDescriptor<?, ?>, CallMeters> meters = new ConcurrentHashMap<>();

	MeteredServerCalls(MeterRegistry registry, boolean longTaskTimer) {
		this.registry = registry;
		this.longTaskTimer = longTaskTimer;
		registry.config().onMeterRemoved((meter) -> this.meters.clear());
	}

	<ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
			ServerCallHandler<ReqT, RespT> next) {
		MeteredServerCall<ReqT, RespT> metered = new MeteredServerCall<>(call, meters(call.getMethodDescriptor()));
		try {
			return new MeteredServerCallListener<>(next.startCall(metered, headers), metered);
		}
		catch (RuntimeException | Error ex) {
			metered.stop(ex);
			throw ex;
		}
	}

	private CallMeters meters(MethodDescriptor<?, ?> method) {
		CallMeters meters = this.meters.get(method);
		if (meters == null) {
			meters = this.meters.computeIfAbsent(method, (key) -> new CallMeters(this.registry, CONVENTION.getName(),
					(code) -> keyValues(key, code), this.longTaskTimer));
		}
		return meters;
	}

	/** The convention's key values, of a context made as the observing path makes it. */
	private static KeyValues keyValues(MethodDescriptor<?, ?> method, Status.@Nullable Code code) {
		GrpcServerObservationContext context = new GrpcServerObservationContext((carrier, key) -> null);
		context.setServiceName(method.getServiceName());
		context.setMethodName(method.getBareMethodName());
		context.setFullMethodName(method.getFullMethodName());
		context.setMethodType(method.getType());
		if (code != null) {
			context.setStatusCode(code);
		}
		return CONVENTION.getLowCardinalityKeyValues(context);
	}

}
