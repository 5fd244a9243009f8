package io.grpckit.server.autoconfigure.accesslog;

import io.grpc.ServerStreamTracer;
import io.grpckit.server.GrpcServerBuilderCustomizer;
import io.grpckit.server.accesslog.AccessLogServerInterceptor;
import io.grpckit.server.accesslog.AccessLogStreamTracerFactory;
import io.grpckit.server.autoconfigure.ConditionalOnGrpcServer;
import io.grpckit.server.autoconfigure.GrpcServerAutoConfiguration;
import io.grpckit.server.interceptor.GlobalServerInterceptor;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The access log, off by default: {@code grpckit.server.access-log.enabled=true} writes
 * one line per finished call to the logger {@code io.grpckit.accesslog}. The stream tracer
 * is installed on every server through a {@link GrpcServerBuilderCustomizer}.
 */
@AutoConfiguration(after = GrpcServerAutoConfiguration.class)
@ConditionalOnClass(ServerStreamTracer.class)
@ConditionalOnGrpcServer
@ConditionalOnBooleanProperty(name = "grpckit.server.access-log.enabled")
@EnableConfigurationProperties(GrpcAccessLogProperties.class)
public final class GrpcAccessLogAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	AccessLogStreamTracerFactory grpckitAccessLogStreamTracerFactory() {
		return new AccessLogStreamTracerFactory();
	}

	@Bean
	GrpcServerBuilderCustomizer grpckitAccessLogCustomizer(AccessLogStreamTracerFactory factory) {
		return (builder) -> builder.addStreamTracerFactory(factory);
	}

	@Bean
	@GlobalServerInterceptor
	@ConditionalOnMissingBean
	AccessLogServerInterceptor grpckitAccessLogServerInterceptor() {
		return new AccessLogServerInterceptor();
	}

}
