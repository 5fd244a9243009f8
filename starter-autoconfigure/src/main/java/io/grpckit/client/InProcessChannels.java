package io.grpckit.client;

import io.grpc.ManagedChannelBuilder;
import io.grpc.inprocess.InProcessChannelBuilder;

/**
 * Builders for in-process targets. A class of its own so that grpc-inprocess, an optional
 * library, is loaded only when an in-process target is used.
 */
final class InProcessChannels {

	private InProcessChannels() {
	}

	static ManagedChannelBuilder<?> builder(String serverName) {
		return InProcessChannelBuilder.forName(serverName);
	}

}
