package io.grpckit.demo.files;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpckit.demo.files.storage.FileStore;

/**
 * The service on plain grpc-java in a JVM of its own, for tests that kill the server. Prints
 * {@code LISTENING <port>} once it serves. Arguments: storage root, and optionally a port
 * (default: any free one).
 */
public final class StandaloneTestServer {

	private StandaloneTestServer() {
	}

	public static void main(String[] args) throws Exception {
		FileStore store = FileStore.open(Path.of(args[0]), 1L << 30, Duration.ofHours(24), Clock.systemUTC());
		Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", (args.length > 1) ? Integer.parseInt(args[1]) : 0))
			.addService(new FileTransferService(store))
			.build()
			.start();
		System.out.println("LISTENING " + server.getPort());
		System.out.flush();
		server.awaitTermination();
	}

}
