package io.grpckit.server.autoconfigure;

import io.grpc.inprocess.InProcessServerBuilder;
import io.grpckit.server.BuilderGrpcServerFactory;
import io.grpckit.server.GrpcServerBuilderCustomizer;
import io.grpckit.server.GrpcServerFactory;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The in-process server, started when {@code grpckit.server.inprocess.name} is set.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(InProcessServerBuilder.class)
@ConditionalOnProperty(prefix = "grpckit.server.inprocess", name = "name")
class InProcessGrpcServerConfiguration {

	@Bean
	GrpcServerFactory grpckitInProcessServerFactory(GrpcServerProperties properties, BeanFactory beanFactory,
			ObjectProvider<GrpcServerBuilderCustomizer> customizers) {
		String name = properties.getInprocess().getName();
		return new BuilderGrpcServerFactory(() -> InProcessServerBuilder.forName(name),
				ServerCustomizers.of(properties, false, beanFactory, customizers));
	}

}
