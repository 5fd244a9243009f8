package io.grpckit.server.autoconfigure;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

import io.grpc.ServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpckit.server.BuilderGrpcServerFactory;
import io.grpckit.server.GrpcServerBuilderCustomizer;
import io.grpckit.server.GrpcServerFactory;
import io.grpckit.server.internal.ConnectionLimit;
import io.grpckit.server.internal.SendBudget;
import io.grpckit.server.internal.SendBudgetServerInterceptor;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The network server, on grpc-netty-shaded, with TLS when {@code grpckit.server.ssl.bundle}
 * is set.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(NettyServerBuilder.class)
@ConditionalOnBooleanProperty(name = "grpckit.server.inprocess.exclusive", havingValue = false, matchIfMissing = true)
class NettyGrpcServerConfiguration {

	// an xDS server replaces the plain one (XdsGrpcServerConfiguration)
	@Bean
	@Conditional(PlainServerCondition.class)
	GrpcServerFactory grpckitNettyServerFactory(GrpcServerProperties properties, BeanFactory beanFactory,
			ObjectProvider<GrpcServerBuilderCustomizer> customizers, ObjectProvider<SslBundles> sslBundles,
			ConnectionLimit connectionLimit, ObjectProvider<SendBudget> sendBudget) {
		InetSocketAddress address = (properties.getAddress() != null)
				? new InetSocketAddress(properties.getAddress(), properties.getPort())
				: new InetSocketAddress(properties.getPort());
		// built once, so that a reloadable bundle registers its update handler once
		ServerCredentials credentials = connectionLimit
			.apply(ServerTlsCredentials.of(properties.getSsl(), sslBundles));
		List<GrpcServerBuilderCustomizer> all = new ArrayList<>();
		sendBudget.ifAvailable((budget) -> all.add((builder) -> builder.intercept(new SendBudgetServerInterceptor(budget))));
		all.addAll(ServerCustomizers.of(properties, true, beanFactory, customizers));
		return new BuilderGrpcServerFactory(() -> NettyServerBuilder.forAddress(address, credentials), all);
	}

	@Bean
	ConnectionLimit grpckitConnectionLimit(GrpcServerProperties properties) {
		// ranges are checked at binding (ServerPropertiesChecks)
		Integer max = properties.getConnection().getMaxConnections();
		return new ConnectionLimit((max != null) ? max : ConnectionLimit.defaultMaxConnections());
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "grpckit.server.outbound.buffer.enabled", matchIfMissing = true)
	SendBudget grpckitSendBudget(GrpcServerProperties properties, BeanFactory beanFactory) {
		ServerOutboundProperties.Buffer buffer = properties.getOutbound().getBuffer();
		long max = (buffer.getMaxSize() != null) ? buffer.getMaxSize().toBytes() : SendBudget.defaultMaxBytes();
		long perConnection = (buffer.getMaxSizePerConnection() != null) ? buffer.getMaxSizePerConnection().toBytes()
				: Math.max(1, max / 8);
		// calls woken by the budget run their on-ready handler where their other callbacks run
		Executor executor = ServerCustomizers.executor(properties.getExecutor(), beanFactory);
		return new SendBudget(max, perConnection, buffer.getMaxWait(), executor);
	}

	/**
	 * No xDS server: not asked for, or grpc-xds missing (start-up then fails naming the
	 * property, see {@code GrpcServerAutoConfiguration}).
	 */
	static class PlainServerCondition extends AnyNestedCondition {

		PlainServerCondition() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnBooleanProperty(name = "grpckit.server.xds.enabled", havingValue = false, matchIfMissing = true)
		static class XdsOff {

		}

		@ConditionalOnMissingClass(XdsGrpcServerConfiguration.XDS_SERVER_BUILDER)
		static class NoGrpcXds {

		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterBinder.class)
	static class TransportMetricsConfiguration {

		@Bean
		MeterBinder grpckitServerTransportMetrics(ConnectionLimit connectionLimit,
				ObjectProvider<SendBudget> sendBudget) {
			return (registry) -> {
				Gauge.builder("grpckit.server.connections.open", connectionLimit, ConnectionLimit::openConnections)
					.description("Connections the gRPC server holds open")
					.register(registry);
				FunctionCounter
					.builder("grpckit.server.connections.refused", connectionLimit,
							ConnectionLimit::refusedConnections)
					.description("Connections closed at accept by grpckit.server.connection.max-connections")
					.register(registry);
				sendBudget.ifAvailable((budget) -> {
					Gauge.builder("grpckit.server.outbound.buffer.used", budget, SendBudget::heldBytes)
						.description("Bytes streaming calls hold queued for slow readers")
						.baseUnit("bytes")
						.register(registry);
					Gauge.builder("grpckit.server.outbound.buffer.waiting", budget, SendBudget::waitingCalls)
						.description("Streaming calls waiting for room in the send buffer")
						.register(registry);
					FunctionCounter.builder("grpckit.server.outbound.buffer.expired", budget, SendBudget::expiredCalls)
						.description("Calls ended with RESOURCE_EXHAUSTED after waiting for the send buffer")
						.register(registry);
				});
			};
		}

	}

}
