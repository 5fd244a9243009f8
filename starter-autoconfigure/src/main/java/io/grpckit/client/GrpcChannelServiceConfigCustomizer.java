package io.grpckit.client;

import java.util.Map;

/**
 * Callback to adjust the default service config that a client channel is given, after it
 * was built from {@code grpckit.client.channel.<name>.*} and before it reaches the channel
 * builder. Beans of this type are applied in
 * {@link org.springframework.core.annotation.Order @Order}; each gets what the one before
 * returned. Use it to wrap the load-balancing policy or add method configs without
 * replacing what the properties set; a {@link GrpcChannelBuilderCustomizer} that calls
 * {@code defaultServiceConfig} replaces the whole config instead.
 */
@FunctionalInterface
public interface GrpcChannelServiceConfigCustomizer {

	/**
	 * Return the service config to use for the named channel.
	 * @param name the channel name
	 * @param serviceConfig the service config so far, in the JSON-like form
	 * {@code ManagedChannelBuilder.defaultServiceConfig} takes; possibly empty, never to
	 * be modified
	 * @return the service config to use, {@code serviceConfig} itself when unchanged
	 */
	Map<String, Object> customize(String name, Map<String, Object> serviceConfig);

}
