package io.grpckit.client;

import io.grpc.ManagedChannelBuilder;

/**
 * Callback to customize the builder of a client channel before the channel is built.
 * Beans of this type are applied by the {@link GrpcChannelFactory} in
 * {@link org.springframework.core.annotation.Order @Order}, after the settings from
 * properties, so they can override them.
 */
@FunctionalInterface
public interface GrpcChannelBuilderCustomizer {

	/**
	 * Customize the builder of the named channel.
	 * @param name the channel name
	 * @param builder the builder to customize
	 */
	void customize(String name, ManagedChannelBuilder<?> builder);

}
