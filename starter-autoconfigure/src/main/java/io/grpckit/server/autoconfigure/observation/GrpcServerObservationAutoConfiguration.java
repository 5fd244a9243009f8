package io.grpckit.server.autoconfigure.observation;

import io.grpc.ServerInterceptor;
import io.grpckit.InterceptorOrder;
import io.grpckit.internal.observation.MetricsOnlyObservation;
import io.grpckit.server.autoconfigure.ConditionalOnGrpcServer;
import io.grpckit.server.autoconfigure.GrpcServerAutoConfiguration;
import io.grpckit.server.interceptor.GlobalServerInterceptor;
import io.grpckit.server.observation.GrpcServerObservationInterceptor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.grpc.GrpcServerObservationConvention;
import io.micrometer.core.instrument.binder.grpc.ObservationGrpcServerInterceptor;
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
 * Observes every served call when an {@link ObservationRegistry} bean exists: a
 * {@link GrpcServerObservationInterceptor} (Micrometer's gRPC observation, with messages
 * counted per call rather than as one event each) becomes a global interceptor at
 * {@link InterceptorOrder#OBSERVATION} (inside request id, outside exception mapping, so
 * it records the status the client gets, also for a thrown exception). With Boot's metrics this gives the {@code grpc.server}
 * timer and the {@code grpc.server.received}/{@code grpc.server.sent} message counters,
 * tagged {@code rpc.service}, {@code rpc.method}, {@code rpc.type} and
 * {@code grpc.status_code}; with Micrometer Tracing a server span continuing the caller's
 * trace ({@code traceparent}). A {@link GrpcServerObservationConvention} bean replaces
 * Micrometer's default convention. An application that declares its own
 * {@link GrpcServerObservationInterceptor} or Micrometer's
 * {@link ObservationGrpcServerInterceptor} bean gets no second one. Switch it off with
 * {@code grpckit.server.observation.enabled=false}.
 * <p>
 * When Boot's meter handler is the only observation handler (metrics without tracing, no
 * handler, convention, predicate or filter of the application), the interceptor records
 * the same meters without an observation per call
 * ({@link GrpcServerObservationInterceptor#metricsOnly});
 * {@code grpckit.server.observation.fast-path=false} observes every call regardless.
 */
@AutoConfiguration(after = GrpcServerAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass({ ServerInterceptor.class, ObservationGrpcServerInterceptor.class, ObservationRegistry.class })
@ConditionalOnGrpcServer
@ConditionalOnBooleanProperty(name = "grpckit.server.observation.enabled", matchIfMissing = true)
@ConditionalOnBean(ObservationRegistry.class)
@EnableConfigurationProperties(GrpcServerObservationProperties.class)
public final class GrpcServerObservationAutoConfiguration {

	private static final Log logger = LogFactory.getLog(GrpcServerObservationAutoConfiguration.class);

	@Bean
	@GlobalServerInterceptor
	@Order(InterceptorOrder.OBSERVATION)
	@ConditionalOnMissingBean({ GrpcServerObservationInterceptor.class, ObservationGrpcServerInterceptor.class })
	GrpcServerObservationInterceptor grpckitServerObservationInterceptor(ObservationRegistry observationRegistry,
			ObjectProvider<MeterRegistry> meterRegistry, ObjectProvider<GrpcServerObservationConvention> convention,
			GrpcServerObservationProperties properties, ConfigurableListableBeanFactory beanFactory,
			Environment environment) {
		MeterRegistry meters = meterRegistry.getIfUnique();
		GrpcServerObservationConvention customConvention = convention.getIfUnique();
		String reasonToObserve = MetricsOnlyObservation.reasonToObserve("grpckit.server.observation.fast-path",
				properties.isFastPath(), meters, customConvention != null, beanFactory, environment);
		if (reasonToObserve == null && meters != null) {
			logger.debug("gRPC server calls: meters only, no observation per call");
			return GrpcServerObservationInterceptor.metricsOnly(meters, MetricsOnlyObservation.longTaskTimer(environment));
		}
		logger.debug(LogMessage.format("gRPC server calls: observed (%s)", reasonToObserve));
		return new GrpcServerObservationInterceptor(observationRegistry, meters, customConvention);
	}

}
