package io.grpckit.demo.greeter;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;

import io.grpckit.demo.greeter.proto.GreeterGrpc;

/**
 * A {@link GreeterService} served by plain grpc-java Netty on a free loopback port, with a
 * plaintext channel to it. Until the server starter exists, tests start the service this way.
 */
final class GreeterTestServer implements AutoCloseable {

	private final GreeterService service = new GreeterService();

	private final Server server;

	private final ManagedChannel channel;

	private GreeterTestServer(Executor executor, UnaryOperator<NettyChannelBuilder> channelSettings)
			throws IOException {
		NettyServerBuilder serverBuilder = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
			.addService(this.service);
		if (executor != null) {
			serverBuilder.executor(executor);
		}
		this.server = serverBuilder.build().start();
		this.channel = channelSettings
			.apply(NettyChannelBuilder.forAddress("127.0.0.1", this.server.getPort()).usePlaintext())
			.build();
	}

	static GreeterTestServer start() throws IOException {
		return new GreeterTestServer(null, UnaryOperator.identity());
	}

	/**
	 * Start with the given call executor (null for grpc-java's default) and channel settings.
	 */
	static GreeterTestServer start(Executor executor, UnaryOperator<NettyChannelBuilder> channelSettings)
			throws IOException {
		return new GreeterTestServer(executor, channelSettings);
	}

	GreeterGrpc.GreeterBlockingStub blockingStub() {
		return GreeterGrpc.newBlockingStub(this.channel);
	}

	GreeterGrpc.GreeterStub asyncStub() {
		return GreeterGrpc.newStub(this.channel);
	}

	ManagedChannel channel() {
		return this.channel;
	}

	GreeterProbe probe() {
		return this.service.probe();
	}

	int port() {
		return this.server.getPort();
	}

	@Override
	public void close() throws InterruptedException {
		this.channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		this.server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		this.service.destroy();
	}

}
