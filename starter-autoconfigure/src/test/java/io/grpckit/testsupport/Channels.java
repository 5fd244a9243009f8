package io.grpckit.testsupport;

import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;

/**
 * Plain grpc-java channels to the server under test.
 */
public final class Channels {

	private Channels() {
	}

	public static ManagedChannel loopback(int port) {
		return NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
	}

	public static void close(ManagedChannel channel) {
		channel.shutdownNow();
		try {
			channel.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
