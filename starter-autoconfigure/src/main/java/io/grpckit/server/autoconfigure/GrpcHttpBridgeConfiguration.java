package io.grpckit.server.autoconfigure;

import io.grpckit.server.GrpcServerBuilderCustomizer;
import io.grpckit.server.http.GrpcHttpBridge;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The in-process server HTTP calls go through ({@code grpckit.server.http}): built with the
 * network server's customizers, so that HTTP calls meet the same executor, limits and
 * interceptors, and started and drained by the same lifecycle.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
@ConditionalOnClass(name = { "io.grpc.inprocess.InProcessServerBuilder", "com.google.protobuf.util.JsonFormat",
		"com.google.api.HttpRule" })
@ConditionalOnBooleanProperty(name = "grpckit.server.http.enabled", matchIfMissing = true)
class GrpcHttpBridgeConfiguration {

	@Bean
	GrpcHttpBridge grpckitHttpBridge(GrpcServerProperties properties, BeanFactory beanFactory,
			ObjectProvider<GrpcServerBuilderCustomizer> customizers, Environment environment) {
		// an HTTP call is observed once, as the web framework's HTTP request, unless asked
		boolean observeAsGrpc = environment.getProperty("grpckit.server.http.grpc-observation", Boolean.class, false);
		return new GrpcHttpBridge(
				ServerCustomizers.of(properties, false, beanFactory, customizers, GrpcHttpBridge::executor),
				observeAsGrpc);
	}

}
