package io.grpckit.client.autoconfigure.observation;

import io.grpc.ClientInterceptor;
import io.grpckit.InterceptorOrder;
import io.grpckit.client.autoconfigure.ConditionalOnGrpcClientEnabled;
import io.grpckit.client.interceptor.GlobalClientInterceptor;
import io.grpckit.client.observation.GrpcClientObservationInterceptor;
import io.grpckit.internal.observation.MetricsOnlyObservation;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.grpc.GrpcClientObservationConvention;
import io.micrometer.core.instrument.binder.grpc.ObservationGrpcClientInterceptor;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.core.log.LogMessage;

/**
 * Observes every call of every channel when an {@link ObservationRegistry} bean exists: a
 * {@link GrpcClientObservationInterceptor} (Micrometer's gRPC observation, with messages
 * counted per call rather than as one event each) becomes a global client interceptor at {@link InterceptorOrder#OBSERVATION}, inside request-id forwarding. With
 * Boot's metrics this gives the {@code grpc.client} timer and the
 * {@code grpc.client.sent}/{@code grpc.client.received} message counters; with
 * Micrometer Tracing a client span whose context goes out in the call's headers
 * ({@code traceparent} with W3C propagation). A {@link GrpcClientObservationConvention}
 * bean replaces Micrometer's default convention; an application that declares its own
 * {@link GrpcClientObservationInterceptor} or Micrometer's
 * {@link ObservationGrpcClientInterceptor} bean gets no second one. Switch it off with
 * {@code grpckit.client.observation.enabled=false}.
 * <p>
 * When Boot's meter handler is the only observation handler (metrics without tracing, no
 * handler, convention, predicate or filter of the application), the interceptor records
 * the same meters without an observation per call
 * ({@link GrpcClientObservationInterceptor#metricsOnly});
 * {@code grpckit.client.observation.fast-path=false} observes every call regardless.
 */
@AutoConfiguration(afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass({ ClientInterceptor.class, ObservationGrpcClientInterceptor.class, ObservationRegistry.class })
@ConditionalOnGrpcClientEnabled
@ConditionalOnBooleanProperty(name = "grpckit.client.observation.enabled", matchIfMissing = true)
@ConditionalOnBean(ObservationRegistry.class)
@EnableConfigurationProperties(GrpcClientObservationProperties.class)
public final class GrpcClientObservationAutoConfiguration {

	private static final Log logger = LogFactory.getLog(GrpcClientObservationAutoConfiguration.class);

	@Bean
	@GlobalClientInterceptor
	@Order(InterceptorOrder.OBSERVATION)
	@ConditionalOnMissingBean({ GrpcClientObservationInterceptor.class, ObservationGrpcClientInterceptor.class })
	GrpcClientObservationInterceptor grpckitClientObservationInterceptor(ObservationRegistry observationRegistry,
			ObjectProvider<MeterRegistry> meterRegistry, ObjectProvider<GrpcClientObservationConvention> convention,
			GrpcClientObservationProperties properties, ConfigurableListableBeanFactory beanFactory,
			Environment environment) {
		MeterRegistry meters = meterRegistry.getIfUnique();
		GrpcClientObservationConvention customConvention = convention.getIfUnique();
		String reasonToObserve = MetricsOnlyObservation.reasonToObserve("grpckit.client.observation.fast-path",
				properties.isFastPath(), meters, customConvention != null, beanFactory, environment);
		if (reasonToObserve == null && meters != null) {
			logger.debug("gRPC client calls: meters only, no observation per call");
			return GrpcClientObservationInterceptor.metricsOnly(meters, MetricsOnlyObservation.longTaskTimer(environment));
		}
		logger.debug(LogMessage.format("gRPC client calls: observed (%s)", reasonToObserve));
		return new GrpcClientObservationInterceptor(observationRegistry, meters, customConvention);
	}

}
