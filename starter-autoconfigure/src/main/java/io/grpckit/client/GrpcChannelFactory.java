package io.grpckit.client;

import java.util.Map;

import io.grpc.ManagedChannel;

/**
 * Creates and caches client channels by name. The channel for a name is built once, on
 * first use, from the configuration of that name and every
 * {@link GrpcChannelBuilderCustomizer}; later calls return the same channel. Channels are
 * owned by the factory: callers never shut them down.
 */
public interface GrpcChannelFactory {

	/**
	 * Return the channel of the given name, creating it on first use.
	 * @param name the channel name, e.g. {@code greeter} for
	 * {@code grpckit.client.channel.greeter.*}
	 * @return the channel
	 * @throws IllegalStateException if the factory is closed
	 */
	ManagedChannel createChannel(String name);

	/**
	 * Return the channels created so far, by name.
	 * @return an unmodifiable snapshot of the channels
	 */
	Map<String, ManagedChannel> getChannels();

}
