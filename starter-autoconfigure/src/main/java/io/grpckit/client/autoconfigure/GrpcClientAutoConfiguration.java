package io.grpckit.client.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannelBuilder;
import io.grpc.NameResolverProvider;
import io.grpc.stub.AbstractStub;
import io.grpckit.GlobalInterceptors;
import io.grpckit.GlobalInterceptors.OrderedInterceptor;
import io.grpckit.client.DefaultGrpcChannelFactory;
import io.grpckit.client.GrpcChannelBuilderCustomizer;
import io.grpckit.client.GrpcChannelFactory;
import io.grpckit.client.GrpcChannelServiceConfigCustomizer;
import io.grpckit.client.GrpcChannelTargets;
import io.grpckit.client.GrpcContextTaskDecorator;
import io.grpckit.client.interceptor.GlobalClientInterceptor;
import io.grpckit.client.interceptor.RequestIdClientInterceptor;
import io.grpckit.client.internal.GrpcClientInjectionPostProcessor;
import io.grpckit.client.resilience.ChannelCircuitBreakers;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration of gRPC clients: the {@link GrpcChannelFactory} with channels from
 * {@code grpckit.client.channel.<name>.*}, {@code @GrpcClient} injection, the
 * {@code static://} name resolver, request-id forwarding and gRPC context propagation to
 * Spring's task executors, TLS from SSL bundles and call credentials per channel, and
 * circuit breakers per channel when Resilience4j is present, validation of outgoing requests
 * per channel when protovalidate is present.
 */
// after SSL bundles, which channels with ssl.bundle read
@AutoConfiguration(afterName = "org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration")
@ConditionalOnClass({ ManagedChannelBuilder.class, AbstractStub.class })
@ConditionalOnGrpcClientEnabled
@EnableConfigurationProperties(GrpcClientProperties.class)
@Import({ GrpcClientCircuitBreakerConfiguration.class, GrpcClientValidationConfiguration.class })
public final class GrpcClientAutoConfiguration {

	// static: a bean factory post-processor must not need this configuration instance
	@Bean
	static GrpcClientInjectionPostProcessor grpcClientInjectionPostProcessor() {
		return new GrpcClientInjectionPostProcessor();
	}

	// NameResolverProvider beans (discovery's etcd:, consul:, discovery:) are registered here,
	// together with static://
	@Bean
	NameResolverRegistration grpcNameResolverRegistration(ObjectProvider<NameResolverProvider> providers) {
		return new NameResolverRegistration(providers.orderedStream().toList());
	}

	// the registration parameters below are unused on purpose: resolvers must be registered
	// before targets are checked and channels are built, and deregistered only after them
	@Bean
	@ConditionalOnMissingBean
	GrpcChannelTargets grpcChannelTargets(GrpcClientProperties properties,
			NameResolverRegistration nameResolvers, ObjectProvider<SslBundles> sslBundles,
			ObjectProvider<ChannelCircuitBreakers> circuitBreakers) {
		return new PropertiesGrpcChannelTargets(properties, new SslBundleChannelCredentials(sslBundles),
				circuitBreakers.getIfAvailable() != null);
	}

	@Bean
	@ConditionalOnMissingBean(GrpcChannelFactory.class)
	DefaultGrpcChannelFactory grpcChannelFactory(GrpcChannelTargets targets, GrpcClientProperties properties,
			ObjectProvider<GrpcChannelBuilderCustomizer> customizers,
			ConfigurableListableBeanFactory beanFactory, NameResolverRegistration nameResolvers,
			ObjectProvider<GrpcChannelServiceConfigCustomizer> serviceConfigCustomizers,
			ObjectProvider<ChannelCircuitBreakers> circuitBreakers) {
		List<GrpcChannelBuilderCustomizer> all = new ArrayList<>();
		// properties first, so that user customizers can override them
		all.add(new PropertiesChannelBuilderCustomizer(properties, () -> globalInterceptors(beanFactory),
				beanFactory, serviceConfigCustomizers.orderedStream().toList(), circuitBreakers.getIfAvailable()));
		all.add(new CallCredentialsChannelBuilderCustomizer(properties, beanFactory));
		customizers.orderedStream().forEach(all::add);
		return new DefaultGrpcChannelFactory(targets, all, properties.getShutdown().getGracePeriod());
	}

	@Bean
	@GlobalClientInterceptor
	@ConditionalOnMissingBean
	RequestIdClientInterceptor requestIdClientInterceptor() {
		return new RequestIdClientInterceptor();
	}

	@Bean
	@ConditionalOnMissingBean
	GrpcContextTaskDecorator grpcContextTaskDecorator() {
		return new GrpcContextTaskDecorator();
	}

	private static List<ClientInterceptor> globalInterceptors(ConfigurableListableBeanFactory beanFactory) {
		return GlobalInterceptors.find(beanFactory, GlobalClientInterceptor.class, ClientInterceptor.class)
			.stream()
			.map(OrderedInterceptor::interceptor)
			.toList();
	}

}
