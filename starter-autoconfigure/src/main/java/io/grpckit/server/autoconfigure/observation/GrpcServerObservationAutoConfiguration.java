package io.grpckit.server.autoconfigure.observation;

import io.grpc.ServerInterceptor;
import io.grpckit.server.autoconfigure.ConditionalOnGrpcServerEnabled;
import io.grpckit.server.interceptor.GlobalServerInterceptor;
import io.grpckit.server.interceptor.InterceptorOrder;
import io.micrometer.core.instrument.binder.grpc.ObservationGrpcServerInterceptor;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;

/**
 * Observes every served call when an {@link ObservationRegistry} bean exists: Micrometer's
 * {@link ObservationGrpcServerInterceptor} becomes a global interceptor at
 * {@link InterceptorOrder#OBSERVATION} (inside request id, outside exception mapping, so
 * it records the status the client gets, also for a thrown exception). With Boot's metrics this gives the {@code grpc.server}
 * timer and the {@code grpc.server.received}/{@code grpc.server.sent} message counters,
 * tagged {@code rpc.service}, {@code rpc.method}, {@code rpc.type} and
 * {@code grpc.status_code}; with Micrometer Tracing a server span continuing the caller's
 * trace ({@code traceparent}). Switch it off with
 * {@code grpckit.server.observation.enabled=false}.
 */
@AutoConfiguration(afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass({ ServerInterceptor.class, ObservationGrpcServerInterceptor.class, ObservationRegistry.class })
@ConditionalOnGrpcServerEnabled
@ConditionalOnBooleanProperty(name = "grpckit.server.observation.enabled", matchIfMissing = true)
@ConditionalOnBean(ObservationRegistry.class)
public final class GrpcServerObservationAutoConfiguration {

	@Bean
	@GlobalServerInterceptor
	@Order(InterceptorOrder.OBSERVATION)
	@ConditionalOnMissingBean
	ObservationGrpcServerInterceptor grpckitServerObservationInterceptor(ObservationRegistry observationRegistry) {
		return new ObservationGrpcServerInterceptor(observationRegistry);
	}

}
