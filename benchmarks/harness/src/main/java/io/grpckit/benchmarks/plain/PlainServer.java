package io.grpckit.benchmarks.plain;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpckit.benchmarks.Args;
import io.grpckit.benchmarks.services.MinimalFileTransfer;
import io.grpckit.benchmarks.services.MinimalGreeter;

/**
 * The floor: plain grpc-java (Netty, default executor), no Spring, serving the minimal
 * Greeter and FileTransfer services.
 * <pre>java -cp grpckit-benchmarks.jar io.grpckit.benchmarks.plain.PlainServer --port=9090 --files-root=./data</pre>
 */
public final class PlainServer {

	private PlainServer() {
	}

	public static Server start(int port, Path filesRoot) throws IOException {
		return NettyServerBuilder.forPort(port)
			.addService(new MinimalGreeter())
			.addService(new MinimalFileTransfer(filesRoot))
			.build()
			.start();
	}

	public static void main(String[] arguments) throws Exception {
		Args args = Args.parse(arguments);
		Server server = start(args.intValue("port", 9090), Path.of(args.value("files-root", "./data-plain")));
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			server.shutdown();
			try {
				server.awaitTermination(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			server.shutdownNow();
		}));
		System.out.println("plain grpc-java server listening on port " + server.getPort());
		server.awaitTermination();
	}

}
