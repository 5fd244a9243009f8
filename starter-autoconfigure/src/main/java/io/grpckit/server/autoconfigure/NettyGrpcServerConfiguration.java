package io.grpckit.server.autoconfigure;

import java.net.InetSocketAddress;

import io.grpc.ServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpckit.server.BuilderGrpcServerFactory;
import io.grpckit.server.GrpcServerBuilderCustomizer;
import io.grpckit.server.GrpcServerFactory;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The network server, on grpc-netty-shaded, with TLS when {@code grpckit.server.ssl.bundle}
 * is set.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(NettyServerBuilder.class)
@ConditionalOnBooleanProperty(name = "grpckit.server.inprocess.exclusive", havingValue = false, matchIfMissing = true)
class NettyGrpcServerConfiguration {

	@Bean
	GrpcServerFactory grpckitNettyServerFactory(GrpcServerProperties properties, BeanFactory beanFactory,
			ObjectProvider<GrpcServerBuilderCustomizer> customizers, ObjectProvider<SslBundles> sslBundles) {
		InetSocketAddress address = (properties.getAddress() != null)
				? new InetSocketAddress(properties.getAddress(), properties.getPort())
				: new InetSocketAddress(properties.getPort());
		// built once, so that a reloadable bundle registers its update handler once
		ServerCredentials credentials = ServerTlsCredentials.of(properties.getSsl(), sslBundles);
		return new BuilderGrpcServerFactory(() -> NettyServerBuilder.forAddress(address, credentials),
				ServerCustomizers.of(properties, true, beanFactory, customizers));
	}

}
