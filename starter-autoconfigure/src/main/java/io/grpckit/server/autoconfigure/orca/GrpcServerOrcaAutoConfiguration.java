package io.grpckit.server.autoconfigure.orca;

import java.util.concurrent.TimeUnit;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.services.MetricRecorder;
import io.grpc.xds.orca.OrcaMetricReportingServerInterceptor;
import io.grpc.xds.orca.OrcaServiceImpl;
import io.grpckit.InterceptorOrder;
import io.grpckit.server.GrpcServerBuilderCustomizer;
import io.grpckit.server.autoconfigure.ConditionalOnGrpcServer;
import io.grpckit.server.autoconfigure.GrpcServerAutoConfiguration;
import io.grpckit.server.interceptor.GlobalServerInterceptor;
import io.grpckit.server.orca.OrcaLoadCustomizer;
import io.grpckit.server.orca.OrcaLoadReporter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * ORCA load reports, opt-in with {@code grpckit.server.orca.enabled=true}: the server
 * reports its CPU utilization and its calls and errors per second, per call in the
 * trailers and out of band on {@code xds.service.orca.v3.OpenRcaService}, so that clients
 * with the weighted_round_robin policy send less to a busier instance. The reporting
 * classes come from io.grpc:grpc-xds; enabling the reports without it fails start-up
 * naming the property.
 */
@AutoConfiguration(after = GrpcServerAutoConfiguration.class)
@ConditionalOnClass(Server.class)
@ConditionalOnGrpcServer
@ConditionalOnBooleanProperty(name = "grpckit.server.orca.enabled")
@EnableConfigurationProperties(GrpcServerOrcaProperties.class)
public final class GrpcServerOrcaAutoConfiguration {

	private static final String ORCA_SERVICE_CLASS = "io.grpc.xds.orca.OrcaServiceImpl";

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ OrcaServiceImpl.class, OrcaMetricReportingServerInterceptor.class, MetricRecorder.class })
	static class OrcaReportsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		MetricRecorder grpckitOrcaMetricRecorder() {
			return MetricRecorder.newInstance();
		}

		@Bean(initMethod = "start")
		@ConditionalOnMissingBean
		OrcaLoadReporter grpckitOrcaLoadReporter(MetricRecorder recorder, GrpcServerOrcaProperties properties,
				ObjectProvider<OrcaLoadCustomizer> customizers) {
			return new OrcaLoadReporter(recorder, properties.getCpuSource(), properties.getSampleInterval(),
					customizers.orderedStream().toList());
		}

		@Bean
		GrpcServerBuilderCustomizer grpckitOrcaCallRateCustomizer(OrcaLoadReporter reporter) {
			return (builder) -> builder.addStreamTracerFactory(reporter.streamTracerFactory());
		}

		@Bean
		@GlobalServerInterceptor
		@Order(InterceptorOrder.LOAD_REPORT)
		@ConditionalOnMissingBean
		OrcaMetricReportingServerInterceptor grpckitOrcaServerInterceptor(OrcaLoadReporter reporter) {
			return OrcaMetricReportingServerInterceptor.create(reporter.recorder());
		}

		@Bean
		BindableService grpckitOrcaService(OrcaLoadReporter reporter, GrpcServerOrcaProperties properties) {
			return OrcaServiceImpl.createService(reporter.scheduler(), reporter.recorder(),
					properties.getReportInterval().toNanos(), TimeUnit.NANOSECONDS);
		}

	}

	// enabled, but nothing to report with: say so rather than start without reports
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass(ORCA_SERVICE_CLASS)
	static class MissingGrpcXdsConfiguration {

		MissingGrpcXdsConfiguration() {
			throw new InvalidConfigurationPropertyValueException("grpckit.server.orca.enabled", "true",
					"ORCA load reports need io.grpc:grpc-xds on the class path: add it (its version is in "
							+ "grpckit-dependencies), or remove the property");
		}

	}

}
