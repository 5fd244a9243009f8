package io.grpckit.server.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;

import io.grpc.ServerBuilder;
import io.grpckit.server.GrpcServerBuilderCustomizer;
import io.grpckit.server.GrpcServiceDiscoverer;
import io.grpckit.server.GrpcServiceThreadPool;
import io.grpckit.server.internal.EventLoopCalls;
import io.grpckit.server.limits.GrpcServerLimits;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.system.JavaVersion;
import org.springframework.core.task.VirtualThreadTaskExecutor;
import org.springframework.util.StringUtils;

/**
 * The customizers of one server, in the order they apply: properties, executor, then the
 * user's {@link GrpcServerBuilderCustomizer} beans.
 */
final class ServerCustomizers {

	private ServerCustomizers() {
	}

	static List<GrpcServerBuilderCustomizer> of(GrpcServerProperties properties, boolean network,
			BeanFactory beanFactory, ObjectProvider<GrpcServerBuilderCustomizer> userCustomizers) {
		return of(properties, network, beanFactory, userCustomizers, UnaryOperator.identity());
	}

	/**
	 * The customizers, with the service executor decorated (the HTTP bridge's server runs
	 * some calls on the calling thread).
	 */
	static List<GrpcServerBuilderCustomizer> of(GrpcServerProperties properties, boolean network,
			BeanFactory beanFactory, ObjectProvider<GrpcServerBuilderCustomizer> userCustomizers,
			UnaryOperator<Executor> decorator) {
		return of(properties, network, beanFactory, userCustomizers, decorator, UnaryOperator.identity());
	}

	/**
	 * The customizers, with the transport properties applied to the builder the given
	 * function picks (the xDS server's Netty builder underneath, where Netty-only settings
	 * can reach it).
	 */
	static List<GrpcServerBuilderCustomizer> of(GrpcServerProperties properties, boolean network,
			BeanFactory beanFactory, ObjectProvider<GrpcServerBuilderCustomizer> userCustomizers,
			UnaryOperator<Executor> decorator, UnaryOperator<ServerBuilder<?>> transport) {
		List<GrpcServerBuilderCustomizer> customizers = new ArrayList<>();
		ServerBuilderPropertiesMapper mapper = new ServerBuilderPropertiesMapper(properties, network);
		customizers.add((builder) -> mapper.customize(transport.apply(builder)));
		Executor executor = decorator.apply(executor(properties.getExecutor(), beanFactory));
		GrpcServerLimits limits = beanFactory.getBeanProvider(GrpcServerLimits.class).getIfAvailable();
		customizers.add((builder) -> {
			// read when the server is built, so the services are not created any earlier
			EventLoopCalls executors = new EventLoopCalls(
					nonBlockingMethods(properties.getExecutor(), network, beanFactory), executor,
					properties.getExecutor().getNonBlocking().getWarnAfter());
			if (limits != null) {
				// admission picks each call's executor; refusals never reach the service executor
				limits.applyTo(builder, executors);
			}
			else {
				executors.applyTo(builder);
			}
		});
		customizers.addAll(userCustomizers.orderedStream().toList());
		return customizers;
	}

	/**
	 * The methods the server runs on its transport threads: those marked @NonBlocking, on a
	 * network server (an in-process server's "transport thread" is its caller's).
	 */
	private static Set<String> nonBlockingMethods(ServerExecutorProperties properties, boolean network,
			BeanFactory beanFactory) {
		if (!network || !properties.getNonBlocking().isEnabled()) {
			return Set.of();
		}
		return beanFactory.getBeanProvider(GrpcServiceDiscoverer.class)
			.getIfAvailable(() -> new GrpcServiceDiscoverer((ListableBeanFactory) beanFactory))
			.nonBlockingMethods();
	}

	static Executor executor(ServerExecutorProperties properties, BeanFactory beanFactory) {
		if (StringUtils.hasText(properties.getBeanName())) {
			return beanFactory.getBean(properties.getBeanName(), Executor.class);
		}
		if (properties.isVirtualThreads()) {
			if (!JavaVersion.getJavaVersion().isEqualOrNewerThan(JavaVersion.TWENTY_ONE)) {
				throw new IllegalStateException("grpckit.server.executor.virtual-threads=true needs Java 21 or later; "
						+ "this is Java " + System.getProperty("java.version"));
			}
			return new VirtualThreadTaskExecutor("grpc-virtual-");
		}
		return beanFactory.getBean(GrpcServiceThreadPool.class).executor();
	}

	static boolean usesServiceThreadPool(ServerExecutorProperties properties) {
		return !StringUtils.hasText(properties.getBeanName()) && !properties.isVirtualThreads();
	}

}
