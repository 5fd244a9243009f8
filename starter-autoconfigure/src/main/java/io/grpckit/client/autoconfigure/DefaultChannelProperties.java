package io.grpckit.client.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The channel named 'default', described for IDEs. The configuration processor cannot look
 * into the values of a map, so {@code grpckit.client.channel} alone would appear in the
 * metadata; from this class it writes every {@code grpckit.client.channel.default.*} value
 * with its description, which IDEs complete and document, and which every named channel has
 * as well. Never bound: {@link GrpcClientProperties} binds all channels, 'default' included.
 * Defaults and hints are in {@code additional-spring-configuration-metadata.json}.
 */
@ConfigurationProperties("grpckit.client.channel.default")
final class DefaultChannelProperties extends ChannelProperties {

	private DefaultChannelProperties() {
	}

}
