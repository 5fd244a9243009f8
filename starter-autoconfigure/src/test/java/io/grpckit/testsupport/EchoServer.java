package io.grpckit.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;

/**
 * A real Netty gRPC server on a free loopback port, for client tests. Closed after each
 * test; its shutdown waits for termination.
 */
public final class EchoServer implements AutoCloseable {

	private final Server server;

	private EchoServer(Server server) {
		this.server = server;
	}

	/**
	 * Start a server on 127.0.0.1, port 0, serving the service behind the interceptors
	 * (the first one given runs first).
	 * @param service the service
	 * @param interceptors the server interceptors
	 * @return the started server
	 */
	public static EchoServer start(BindableService service, ServerInterceptor... interceptors) {
		ServerInterceptor[] reversed = new ServerInterceptor[interceptors.length];
		for (int i = 0; i < interceptors.length; i++) {
			reversed[i] = interceptors[interceptors.length - 1 - i];
		}
		Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
			.addService(ServerInterceptors.intercept(service, reversed))
			.build();
		try {
			return new EchoServer(server.start());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Start a server on 127.0.0.1, port 0, serving the services.
	 * @param services the services
	 * @return the started server
	 */
	public static EchoServer start(List<BindableService> services) {
		NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0));
		services.forEach(builder::addService);
		try {
			return new EchoServer(builder.build().start());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public int port() {
		return this.server.getPort();
	}

	/**
	 * Return the address of this server as 'host:port'.
	 * @return the address
	 */
	public String address() {
		return "127.0.0.1:" + port();
	}

	@Override
	public void close() throws InterruptedException {
		this.server.shutdownNow();
		this.server.awaitTermination(10, TimeUnit.SECONDS);
	}

}
