package io.grpckit.server.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import io.grpc.ServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.xds.XdsServerBuilder;
import io.grpc.xds.XdsServerCredentials;
import io.grpckit.internal.xds.XdsBootstrap;
import io.grpckit.server.GrpcServerBuilderCustomizer;
import io.grpckit.server.GrpcServerFactory;
import io.grpckit.server.health.GrpcHealth;
import io.grpckit.server.internal.ConnectionLimit;
import io.grpckit.server.internal.SendBudget;
import io.grpckit.server.internal.SendBudgetServerInterceptor;
import io.grpckit.server.xds.XdsGrpcServerFactory;
import io.grpckit.server.xds.XdsServingState;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The network server built with grpc-xds's {@code XdsServerBuilder}
 * ({@code grpckit.server.xds.enabled}), in place of the plain Netty one: the same
 * customizers, executor, limits, connection limit and send budget, TLS from
 * {@code grpckit.server.ssl.bundle} as the fallback when the control plane sends no
 * security config, and the bootstrap of {@code grpckit.xds.bootstrap} when set.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({ XdsServerBuilder.class, NettyServerBuilder.class })
@ConditionalOnBooleanProperty("grpckit.server.xds.enabled")
@ConditionalOnBooleanProperty(name = "grpckit.server.inprocess.exclusive", havingValue = false, matchIfMissing = true)
class XdsGrpcServerConfiguration {

	static final String XDS_SERVER_BUILDER = "io.grpc.xds.XdsServerBuilder";

	@Bean
	@ConditionalOnMissingBean
	XdsServingState grpckitXdsServingState(ObjectProvider<GrpcHealth> health, ApplicationEventPublisher publisher,
			ObjectProvider<ApplicationAvailability> availability) {
		// Boot's availability bean first: as an event listener it must come before this state,
		// which answers the application's ACCEPTING_TRAFFIC while the server does not serve
		availability.getIfAvailable();
		return new XdsServingState(health.getIfAvailable(), publisher);
	}

	@Bean
	GrpcServerFactory grpckitXdsServerFactory(GrpcServerProperties properties, BeanFactory beanFactory,
			ObjectProvider<GrpcServerBuilderCustomizer> customizers, ObjectProvider<SslBundles> sslBundles,
			ConnectionLimit connectionLimit, ObjectProvider<SendBudget> sendBudget, XdsServingState servingState,
			Environment environment) {
		if (properties.getAddress() != null) {
			throw new InvalidConfigurationPropertyValueException("grpckit.server.address", properties.getAddress(),
					"an xDS server (grpckit.server.xds.enabled) listens on every address of its port: "
							+ "grpc-xds's XdsServerBuilder takes a port only");
		}
		String bootstrapValue = environment.getProperty(XdsBootstrap.PROPERTY);
		@Nullable Map<String, ?> bootstrap = (bootstrapValue != null && !bootstrapValue.isBlank())
				? XdsBootstrap.read(bootstrapValue) : null;
		// the control plane's security config when it sends one, else the server's own; the
		// connection limit outermost, so that it counts connections of either kind
		ServerCredentials credentials = connectionLimit
			.apply(XdsServerCredentials.create(ServerTlsCredentials.of(properties.getSsl(), sslBundles)));
		List<GrpcServerBuilderCustomizer> all = new ArrayList<>();
		sendBudget.ifAvailable((budget) -> all.add((builder) -> builder.intercept(new SendBudgetServerInterceptor(budget))));
		// transport settings straight to the Netty builder underneath, where Netty-only ones apply
		UnaryOperator<io.grpc.ServerBuilder<?>> transport = (builder) -> ((XdsServerBuilder) builder).transportBuilder();
		all.addAll(ServerCustomizers.of(properties, true, beanFactory, customizers, UnaryOperator.identity(),
				transport));
		return new XdsGrpcServerFactory(properties.getPort(), credentials, all, bootstrap, servingState,
				properties.getXds().getStartTimeout());
	}

}
