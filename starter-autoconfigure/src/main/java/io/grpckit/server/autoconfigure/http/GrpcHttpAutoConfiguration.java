package io.grpckit.server.autoconfigure.http;

import java.util.List;
import java.util.Map;

import io.grpc.BindableService;
import io.grpckit.server.autoconfigure.GrpcServerAutoConfiguration;
import io.grpckit.server.autoconfigure.GrpcServerProperties;
import io.grpckit.server.http.GrpcHttpBridge;
import io.grpckit.server.http.GrpcHttpGateway;
import io.grpckit.server.http.openapi.GrpcHttpOpenApiCustomizer;
import io.grpckit.server.http.reactive.GrpcHttpReactiveHandlerMapping;
import io.grpckit.server.http.servlet.GrpcHttpServletHandlerMapping;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.util.unit.DataSize;
import org.springframework.web.cors.CorsConfiguration;

/**
 * Serves the gRPC services over HTTP on the application's web server
 * ({@code grpckit.server.http}, on by default in a web application): JSON transcoded from
 * the services' {@code google.api.http} rules, gRPC-Web and Connect, each call through the
 * in-process server of {@link GrpcHttpBridge} and so through every server interceptor.
 */
@AutoConfiguration(after = GrpcServerAutoConfiguration.class)
@ConditionalOnWebApplication
@ConditionalOnBean(GrpcHttpBridge.class)
@EnableConfigurationProperties(GrpcHttpProperties.class)
@Import({ GrpcHttpAutoConfiguration.ServletConfiguration.class, GrpcHttpAutoConfiguration.ReactiveConfiguration.class,
		GrpcHttpAutoConfiguration.OpenApiConfiguration.class })
public final class GrpcHttpAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	GrpcHttpGateway grpckitHttpGateway(GrpcHttpBridge bridge, ObjectProvider<BindableService> services,
			GrpcHttpProperties properties, GrpcServerProperties server) {
		GrpcHttpProperties.Json json = properties.getJson();
		DataSize max = (properties.getMaxRequestSize() != null) ? properties.getMaxRequestSize()
				: server.getInbound().getMessage().getMaxSize();
		// the services as they bind themselves: typed marshallers, their HTTP rules
		return GrpcHttpGateway.builder(bridge, services.orderedStream().map(BindableService::bindService).toList())
			.protocols(properties.getTranscoding().isEnabled(), properties.getGrpcWeb().isEnabled(),
					properties.getConnect().isEnabled())
			.json(json.isEmitUnpopulated(), json.isUseProtoNames(), json.isIgnoreUnknownFields(), json.isEnumsAsInts())
			.forwardHeaders(properties.getHeaders().getForward())
			.maxRequestSize((int) Math.min(Integer.MAX_VALUE, max.toBytes()))
			.build();
	}

	static Map<String, CorsConfiguration> cors(GrpcHttpProperties.Cors properties) {
		if (properties.getAllowedOrigins().isEmpty() && properties.getAllowedOriginPatterns().isEmpty()) {
			return Map.of();
		}
		CorsConfiguration cors = new CorsConfiguration();
		cors.setAllowedOrigins(List.copyOf(properties.getAllowedOrigins()));
		cors.setAllowedOriginPatterns(List.copyOf(properties.getAllowedOriginPatterns()));
		cors.setAllowedMethods(List.copyOf(properties.getAllowedMethods()));
		cors.setAllowedHeaders(List.copyOf(properties.getAllowedHeaders()));
		cors.setExposedHeaders(List.copyOf(properties.getExposedHeaders()));
		cors.setAllowCredentials(properties.isAllowCredentials());
		cors.setMaxAge(properties.getMaxAge());
		return Map.of("/**", cors);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass(name = "org.springframework.web.servlet.DispatcherServlet")
	static class ServletConfiguration {

		@Bean
		@ConditionalOnMissingBean
		GrpcHttpServletHandlerMapping grpckitHttpHandlerMapping(GrpcHttpGateway gateway,
				GrpcHttpProperties properties) {
			GrpcHttpServletHandlerMapping mapping = new GrpcHttpServletHandlerMapping(gateway,
					properties.isRunOnRequestThread());
			mapping.setCorsConfigurations(cors(properties.getCors()));
			return mapping;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	@ConditionalOnClass(name = "org.springframework.web.reactive.DispatcherHandler")
	static class ReactiveConfiguration {

		@Bean
		@ConditionalOnMissingBean
		GrpcHttpReactiveHandlerMapping grpckitHttpHandlerMapping(GrpcHttpGateway gateway,
				GrpcHttpProperties properties) {
			GrpcHttpReactiveHandlerMapping mapping = new GrpcHttpReactiveHandlerMapping(gateway);
			mapping.setCorsConfigurations(cors(properties.getCors()));
			return mapping;
		}

	}

	/**
	 * The transcoded routes in springdoc's {@code /v3/api-docs}, when the application has
	 * springdoc. Its bean is springdoc's {@code OpenApiCustomizer}, which documents the
	 * default group; a {@code GroupedOpenApi} adds it with {@code addOpenApiCustomizer}.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springdoc.core.customizers.OpenApiCustomizer")
	@ConditionalOnBooleanProperty(name = "grpckit.server.http.openapi.enabled", matchIfMissing = true)
	static class OpenApiConfiguration {

		// the gateway is always there: this auto-configuration's or the application's own
		@Bean
		@ConditionalOnMissingBean
		GrpcHttpOpenApiCustomizer grpckitHttpOpenApiCustomizer(GrpcHttpGateway gateway,
				GrpcHttpProperties properties) {
			GrpcHttpProperties.Json json = properties.getJson();
			return new GrpcHttpOpenApiCustomizer(gateway.routes(), json.isUseProtoNames(), json.isEnumsAsInts());
		}

	}

}
