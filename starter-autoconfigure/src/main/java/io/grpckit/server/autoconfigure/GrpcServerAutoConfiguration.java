package io.grpckit.server.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpckit.server.GrpcServerFactory;
import io.grpckit.server.GrpcServerLifecycle;
import io.grpckit.server.GrpcServiceDiscoverer;
import io.grpckit.server.GrpcServiceThreadPool;
import io.grpckit.server.error.AdviceGrpcExceptionResolver;
import io.grpckit.server.error.ExceptionMappingServerInterceptor;
import io.grpckit.server.error.GrpcAdvice;
import io.grpckit.server.error.GrpcExceptionResolver;
import io.grpckit.server.health.GrpcHealth;
import io.grpckit.server.interceptor.CompressionServerInterceptor;
import io.grpckit.server.interceptor.GlobalServerInterceptor;
import io.grpckit.server.interceptor.RequestIdServerInterceptor;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of the grpckit gRPC server: serves every {@link BindableService} bean
 * on a Netty server, an in-process server, or both.
 */
// after SSL bundles, which the network server's TLS reads
@AutoConfiguration(afterName = "org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration")
@ConditionalOnClass(Server.class)
@ConditionalOnGrpcServerEnabled
@ConditionalOnBean(BindableService.class)
@EnableConfigurationProperties(GrpcServerProperties.class)
@Import({ NettyGrpcServerConfiguration.class, InProcessGrpcServerConfiguration.class,
		SpringBootGrpcServerCoexistenceCheck.class, GrpcServiceThreadPoolMetricsConfiguration.class,
		ServerLimitsConfiguration.class, GrpcHttpBridgeConfiguration.class, XdsGrpcServerConfiguration.class })
public final class GrpcServerAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	GrpcServiceDiscoverer grpckitServiceDiscoverer(ListableBeanFactory beanFactory) {
		return new GrpcServiceDiscoverer(beanFactory);
	}

	@Bean
	@ConditionalOnMissingBean
	GrpcServerLifecycle grpckitServerLifecycle(ObjectProvider<GrpcServerFactory> factories,
			GrpcServiceDiscoverer discoverer, ObjectProvider<GrpcHealth> health, ApplicationEventPublisher publisher,
			GrpcServerProperties properties) {
		List<GrpcServerFactory> serverFactories = factories.orderedStream().toList();
		if (serverFactories.isEmpty()) {
			throw new IllegalStateException("No gRPC server to start: grpckit.server.inprocess.exclusive=true "
					+ "needs grpckit.server.inprocess.name, or add grpc-netty-shaded for a network server");
		}
		return new GrpcServerLifecycle(serverFactories, discoverer, health.getIfAvailable(), publisher,
				properties.getShutdown().getQuietPeriod(), properties.getShutdown().getGracePeriod());
	}

	// lazy: made only when no other executor is configured (see ServerCustomizers)
	@Bean
	@Lazy
	@ConditionalOnMissingBean
	GrpcServiceThreadPool grpckitServiceThreadPool(GrpcServerProperties properties) {
		ServerExecutorProperties executor = properties.getExecutor();
		return new GrpcServiceThreadPool(executor.getMaxThreads(), executor.getKeepAlive(), executor.getGrowAfter());
	}

	@Bean
	static LocalGrpcServerPortPublisher localGrpcServerPortPublisher(ApplicationContext context) {
		return new LocalGrpcServerPortPublisher(context);
	}

	@Bean
	@GlobalServerInterceptor
	@ConditionalOnMissingBean
	RequestIdServerInterceptor requestIdServerInterceptor() {
		return new RequestIdServerInterceptor();
	}

	@Bean
	@GlobalServerInterceptor
	@ConditionalOnMissingBean
	ExceptionMappingServerInterceptor exceptionMappingServerInterceptor(ApplicationContext context,
			ObjectProvider<GrpcExceptionResolver> resolvers) {
		List<GrpcExceptionResolver> chain = new ArrayList<>(resolvers.orderedStream().toList());
		List<Object> advices = new ArrayList<>(context.getBeansWithAnnotation(GrpcAdvice.class).values());
		AnnotationAwareOrderComparator.sort(advices);
		advices.forEach((advice) -> chain.add(new AdviceGrpcExceptionResolver(advice)));
		return new ExceptionMappingServerInterceptor(chain);
	}

	@Bean
	@GlobalServerInterceptor
	@ConditionalOnMissingBean
	CompressionServerInterceptor compressionServerInterceptor(GrpcServerProperties properties) {
		return new CompressionServerInterceptor(properties.getCompression().getResponse());
	}

	// asked for an xDS server without grpc-xds: the plain server would start in its place, unmanaged
	@Bean
	@ConditionalOnBooleanProperty("grpckit.server.xds.enabled")
	@ConditionalOnMissingClass(XdsGrpcServerConfiguration.XDS_SERVER_BUILDER)
	static SmartInitializingSingleton grpckitXdsServerCheck() {
		return () -> {
			throw new InvalidConfigurationPropertyValueException("grpckit.server.xds.enabled", true,
					"an xDS server needs io.grpc:grpc-xds on the classpath (its version is in grpckit-dependencies)");
		};
	}

	// a probe port with the health service off would serve nothing: fail rather than start without it
	@Bean
	@ConditionalOnProperty(prefix = "grpckit.server.health", name = "port")
	@ConditionalOnBooleanProperty(name = "grpckit.server.health.enabled", havingValue = false)
	static SmartInitializingSingleton grpckitHealthProbePortCheck(Environment environment) {
		return () -> {
			throw new InvalidConfigurationPropertyValueException("grpckit.server.health.port",
					environment.getProperty("grpckit.server.health.port"),
					"the probe port serves only the gRPC health service, which grpckit.server.health.enabled=false "
							+ "turns off; remove the port or turn health back on");
		};
	}

}
