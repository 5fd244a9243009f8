package io.grpckit.client.observation;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpckit.internal.observation.Authorities;
import io.grpckit.internal.observation.CallMeters;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.grpc.DefaultGrpcClientObservationConvention;
import io.micrometer.core.instrument.binder.grpc.GrpcClientObservationContext;
import org.jspecify.annotations.Nullable;

/**
 * The metrics-only path of {@link GrpcClientObservationInterceptor}: the meters Micrometer's
 * meter handler would make of each call's {@code grpc.client} observation, recorded without
 * the observation. The client's tags carry the peer's name and port, so meters are found
 * once per authority and method ({@link CallMeters}), and forgotten when the registry
 * removes any meter.
 */
final class MeteredClientCalls {

	private static final DefaultGrpcClientObservationConvention CONVENTION = new DefaultGrpcClientObservationConvention();

	private final MeterRegistry registry;

	private final boolean longTaskTimer;

	private final Map<String, Map<MethodDescriptor<?, ?>, CallMeters>> meters = new ConcurrentHashMap<>();

	MeteredClientCalls(MeterRegistry registry, boolean longTaskTimer) {
		this.registry = registry;
		this.longTaskTimer = longTaskTimer;
		registry.config().onMeterRemoved((meter) -> this.meters.clear());
	}

	<ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(MethodDescriptor<ReqT, RespT> method, CallOptions callOptions,
			Channel next) {
		return new MeteredClientCall<>(next.newCall(method, callOptions), meters(method, next.authority()));
	}

	private CallMeters meters(MethodDescriptor<?, ?> method, @Nullable String authority) {
		Map<MethodDescriptor<?, ?>, CallMeters> ofAuthority = this.meters.get(Objects.requireNonNullElse(authority, ""));
		if (ofAuthority == null) {
			ofAuthority = this.meters.computeIfAbsent(Objects.requireNonNullElse(authority, ""),
					(key) -> new ConcurrentHashMap<>());
		}
		CallMeters meters = ofAuthority.get(method);
		if (meters == null) {
			meters = ofAuthority.computeIfAbsent(method, (key) -> new CallMeters(this.registry, CONVENTION.getName(),
					(code) -> keyValues(key, authority, code), this.longTaskTimer));
		}
		return meters;
	}

	/** The convention's key values, of a context made as the observing path makes it. */
	private static KeyValues keyValues(MethodDescriptor<?, ?> method, @Nullable String authority,
			Status.@Nullable Code code) {
		GrpcClientObservationContext context = new GrpcClientObservationContext((carrier, key, value) -> {
		});
		if (method.getServiceName() != null) {
			context.setServiceName(method.getServiceName());
		}
		if (method.getBareMethodName() != null) {
			context.setMethodName(method.getBareMethodName());
		}
		context.setFullMethodName(method.getFullMethodName());
		context.setMethodType(method.getType());
		context.setAuthority(authority);
		Authorities.split(authority, context::setPeerName, context::setPeerPort);
		if (code != null) {
			context.setStatusCode(code);
		}
		return CONVENTION.getLowCardinalityKeyValues(context);
	}

}
