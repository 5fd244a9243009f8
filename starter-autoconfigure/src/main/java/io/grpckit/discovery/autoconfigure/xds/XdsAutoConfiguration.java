package io.grpckit.discovery.autoconfigure.xds;

import io.grpc.xds.XdsNameResolverProvider;
import io.grpckit.discovery.xds.XdsBootstrapNameResolverProvider;
import io.grpckit.internal.xds.XdsBootstrap;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of xDS channels: with {@code grpckit.xds.bootstrap} set, the
 * {@code xds:} resolver uses that bootstrap instead of {@code GRPC_XDS_BOOTSTRAP}. Without
 * it nothing is needed: grpc-xds registers its resolver through the service loader. No
 * connection to the control plane is made before a channel to an {@code xds:///} target
 * resolves.
 */
@AutoConfiguration
@ConditionalOnClass(XdsNameResolverProvider.class)
@EnableConfigurationProperties(XdsProperties.class)
public final class XdsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty(prefix = "grpckit.xds", name = "bootstrap")
	XdsBootstrapNameResolverProvider grpckitXdsNameResolverProvider(XdsProperties properties) {
		// set: the condition says so
		return new XdsBootstrapNameResolverProvider(XdsBootstrap.read(properties.getBootstrap()));
	}

}
