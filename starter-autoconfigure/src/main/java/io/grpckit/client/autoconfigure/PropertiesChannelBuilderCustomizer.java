package io.grpckit.client.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannelBuilder;
import io.grpckit.client.GrpcChannelBuilderCustomizer;
import io.grpckit.client.GrpcChannelServiceConfigCustomizer;
import io.grpckit.client.resilience.ChannelCircuitBreakers;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.unit.DataSize;

/**
 * Applies {@code grpckit.client.channel.<name>.*} to a channel builder: transport
 * settings, the service config built from the typed properties, and the interceptors,
 * outermost first: channel call options and default deadline, global interceptors by
 * order, the channel's own interceptors by bean name, then its circuit breaker when
 * enabled. The service config passes the {@link GrpcChannelServiceConfigCustomizer
 * service-config customizers} on its way to the builder.
 */
final class PropertiesChannelBuilderCustomizer implements GrpcChannelBuilderCustomizer {

	private final GrpcClientProperties properties;

	private final Supplier<List<ClientInterceptor>> globalInterceptors;

	private final BeanFactory beanFactory;

	private final List<GrpcChannelServiceConfigCustomizer> serviceConfigCustomizers;

	private final @Nullable ChannelCircuitBreakers circuitBreakers;

	PropertiesChannelBuilderCustomizer(GrpcClientProperties properties,
			Supplier<List<ClientInterceptor>> globalInterceptors, BeanFactory beanFactory,
			List<GrpcChannelServiceConfigCustomizer> serviceConfigCustomizers,
			@Nullable ChannelCircuitBreakers circuitBreakers) {
		this.properties = properties;
		this.globalInterceptors = globalInterceptors;
		this.beanFactory = beanFactory;
		this.serviceConfigCustomizers = List.copyOf(serviceConfigCustomizers);
		this.circuitBreakers = circuitBreakers;
	}

	@Override
	public void customize(String name, ManagedChannelBuilder<?> builder) {
		ChannelProperties channel = this.properties.resolve(name);
		String prefix = PropertiesGrpcChannelTargets.prefix(name);
		PropertyMapper map = PropertyMapper.get();
		map.from(channel::getAuthority).to(builder::overrideAuthority);
		map.from(channel::getUserAgent).to(builder::userAgent);
		map.from(channel::getIdleTimeout).to((timeout) -> builder.idleTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS));
		map.from(channel.getKeepalive()::getTime)
			.to((time) -> builder.keepAliveTime(time.toNanos(), TimeUnit.NANOSECONDS));
		map.from(channel.getKeepalive()::getTimeout)
			.to((timeout) -> builder.keepAliveTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS));
		map.from(channel.getKeepalive()::getWithoutCalls).to(builder::keepAliveWithoutCalls);
		map.from(channel.getInbound().getMessage()::getMaxSize)
			.as(PropertiesChannelBuilderCustomizer::bytes)
			.to(builder::maxInboundMessageSize);
		map.from(channel.getInbound().getMetadata()::getMaxSize)
			.as(PropertiesChannelBuilderCustomizer::bytes)
			.to(builder::maxInboundMetadataSize);
		Map<String, Object> serviceConfig = new ChannelServiceConfig(prefix).build(channel);
		for (GrpcChannelServiceConfigCustomizer customizer : this.serviceConfigCustomizers) {
			serviceConfig = customizer.customize(name, Collections.unmodifiableMap(serviceConfig));
		}
		if (!serviceConfig.isEmpty()) {
			builder.defaultServiceConfig(serviceConfig);
		}
		builder.intercept(interceptors(name, prefix, channel));
	}

	private List<ClientInterceptor> interceptors(String name, String prefix, ChannelProperties channel) {
		List<ClientInterceptor> outermostFirst = new ArrayList<>();
		boolean waitForReady = Boolean.TRUE.equals(channel.getWaitForReady());
		String compressor = Boolean.TRUE.equals(channel.getGzip()) ? "gzip" : null;
		if (waitForReady || compressor != null) {
			outermostFirst.add(new CallOptionsClientInterceptor(waitForReady, compressor));
		}
		Duration deadline = channel.getDefaultDeadline();
		if (deadline != null) {
			outermostFirst.add(new DefaultDeadlineClientInterceptor(deadline));
		}
		outermostFirst.addAll(this.globalInterceptors.get());
		if (channel.getInterceptors() != null) {
			for (String beanName : channel.getInterceptors()) {
				outermostFirst.add(this.beanFactory.getBean(beanName, ClientInterceptor.class));
			}
		}
		checkCircuitBreaker(prefix, channel, this.circuitBreakers != null);
		// innermost: one outcome per call above grpc-java's retries, and a refused call was
		// seen by every other interceptor (observation records its UNAVAILABLE)
		if (this.circuitBreakers != null && Boolean.TRUE.equals(channel.getCircuitBreaker().getEnabled())) {
			outermostFirst.add(this.circuitBreakers.interceptor(name, channel.getCircuitBreaker().settings()));
		}
		// grpc-java runs builder interceptors in reverse order of addition
		Collections.reverse(outermostFirst);
		return outermostFirst;
	}

	/**
	 * Check that a channel that enables a circuit breaker can have one.
	 * @param prefix the property prefix of the channel
	 * @param channel the channel values
	 * @param available whether circuit breakers are available (Resilience4j is present)
	 * @throws InvalidConfigurationPropertyValueException if they are not but the channel
	 * enables one
	 */
	static void checkCircuitBreaker(String prefix, ChannelProperties channel, boolean available) {
		if (!available && Boolean.TRUE.equals(channel.getCircuitBreaker().getEnabled())) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".circuit-breaker.enabled", true,
					"circuit breakers need io.github.resilience4j:resilience4j-circuitbreaker on the classpath");
		}
	}

	private static int bytes(DataSize size) {
		// in range, checked at binding
		return (int) size.toBytes();
	}

}
