package io.grpckit.client.autoconfigure.observation;

import io.grpc.ClientInterceptor;
import io.grpckit.client.autoconfigure.ConditionalOnGrpcClientEnabled;
import io.grpckit.client.interceptor.GlobalClientInterceptor;
import io.grpckit.server.interceptor.InterceptorOrder;
import io.micrometer.core.instrument.binder.grpc.ObservationGrpcClientInterceptor;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;

/**
 * Observes every call of every channel when an {@link ObservationRegistry} bean exists:
 * Micrometer's {@link ObservationGrpcClientInterceptor} becomes a global client
 * interceptor at {@link InterceptorOrder#OBSERVATION}, inside request-id forwarding. With
 * Boot's metrics this gives the {@code grpc.client} timer and the
 * {@code grpc.client.sent}/{@code grpc.client.received} message counters; with
 * Micrometer Tracing a client span whose context goes out in the call's headers
 * ({@code traceparent} with W3C propagation). Switch it off with
 * {@code grpckit.client.observation.enabled=false}.
 */
@AutoConfiguration(afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass({ ClientInterceptor.class, ObservationGrpcClientInterceptor.class, ObservationRegistry.class })
@ConditionalOnGrpcClientEnabled
@ConditionalOnBooleanProperty(name = "grpckit.client.observation.enabled", matchIfMissing = true)
@ConditionalOnBean(ObservationRegistry.class)
public final class GrpcClientObservationAutoConfiguration {

	@Bean
	@GlobalClientInterceptor
	@Order(InterceptorOrder.OBSERVATION)
	@ConditionalOnMissingBean
	ObservationGrpcClientInterceptor grpckitClientObservationInterceptor(ObservationRegistry observationRegistry) {
		return new ObservationGrpcClientInterceptor(observationRegistry);
	}

}
