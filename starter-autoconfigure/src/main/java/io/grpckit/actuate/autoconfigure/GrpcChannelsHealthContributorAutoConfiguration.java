package io.grpckit.actuate.autoconfigure;

import io.grpckit.actuate.health.GrpcChannelsHealthIndicator;
import io.grpckit.client.GrpcChannelFactory;
import io.grpckit.client.autoconfigure.ConditionalOnGrpcClientEnabled;
import io.grpckit.client.autoconfigure.GrpcClientAutoConfiguration;
import io.grpckit.client.resilience.ChannelCircuitBreakers;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code grpcChannels} health contributor, which reports the
 * connectivity state of every client channel and the state of their circuit breakers.
 * Switch it off with {@code management.health.grpcchannels.enabled=false}.
 */
@AutoConfiguration(after = GrpcClientAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnGrpcClientEnabled
@ConditionalOnBean(GrpcChannelFactory.class)
@ConditionalOnEnabledHealthIndicator("grpcchannels")
@EnableConfigurationProperties(GrpcChannelsHealthProperties.class)
public final class GrpcChannelsHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "grpcChannelsHealthIndicator")
	GrpcChannelsHealthIndicator grpcChannelsHealthIndicator(GrpcChannelFactory channelFactory,
			GrpcChannelsHealthProperties properties, ObjectProvider<ChannelCircuitBreakers> circuitBreakers) {
		return new GrpcChannelsHealthIndicator(channelFactory, new Status(properties.getTransientFailureStatus()),
				circuitBreakers.getIfAvailable());
	}

}
