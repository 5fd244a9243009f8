package io.grpckit.demo.files.cli;

import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpckit.demo.files.proto.FileTransferGrpc;
import picocli.CommandLine.Option;

/**
 * The {@code --target} option every command shares, and the channel it opens.
 */
final class Connection implements AutoCloseable {

	@Option(names = "--target", defaultValue = "localhost:9091", paramLabel = "HOST:PORT",
			description = "Server address (default: ${DEFAULT-VALUE}).")
	String target;

	private ManagedChannel channel;

	ManagedChannel channel() {
		if (this.channel == null) {
			// plaintext, like the demo server; wait for the server instead of failing fast
			this.channel = NettyChannelBuilder.forTarget(this.target).usePlaintext().build();
		}
		return this.channel;
	}

	FileTransferGrpc.FileTransferBlockingStub blocking() {
		return FileTransferGrpc.newBlockingStub(channel()).withDeadlineAfter(60, TimeUnit.SECONDS);
	}

	FileTransferGrpc.FileTransferStub async() {
		return FileTransferGrpc.newStub(channel());
	}

	@Override
	public void close() throws InterruptedException {
		if (this.channel != null) {
			this.channel.shutdownNow();
			this.channel.awaitTermination(5, TimeUnit.SECONDS);
		}
	}

}
