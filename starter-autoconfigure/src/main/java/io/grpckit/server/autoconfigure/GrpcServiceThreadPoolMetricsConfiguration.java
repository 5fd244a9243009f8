package io.grpckit.server.autoconfigure;

import java.util.concurrent.ExecutorService;

import io.grpckit.server.GrpcServiceThreadPool;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ExecutorServiceMetrics;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Micrometer's executor meters ({@code executor.active}, {@code executor.queued},
 * {@code executor.pool.size} ...) for grpckit's service thread pool, tagged
 * {@code name=grpc.service}: a bounded pool needs its queue watched.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(MeterBinder.class)
class GrpcServiceThreadPoolMetricsConfiguration {

	@Bean
	MeterBinder grpckitServiceThreadPoolMetrics(GrpcServerProperties properties,
			ObjectProvider<GrpcServiceThreadPool> pool) {
		return (registry) -> {
			if (ServerCustomizers.usesServiceThreadPool(properties.getExecutor())) {
				new ExecutorServiceMetrics((ExecutorService) pool.getObject().executor(), "grpc.service", Tags.empty())
					.bindTo(registry);
			}
		};
	}

}
