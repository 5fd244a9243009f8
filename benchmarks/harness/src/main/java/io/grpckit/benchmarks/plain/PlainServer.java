package io.grpckit.benchmarks.plain;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpckit.benchmarks.Args;
import io.grpckit.benchmarks.services.MinimalFileTransfer;
import io.grpckit.benchmarks.services.MinimalGreeter;
import io.grpckit.server.GrpcServiceThreadPool;

/**
 * The floor: plain grpc-java (Netty, default executor), no Spring, serving the minimal
 * Greeter and FileTransfer services. {@code --executor} swaps the executor, to tell
 * what the executor costs from what the rest of a server costs.
 * <pre>java -cp grpckit-benchmarks.jar io.grpckit.benchmarks.plain.PlainServer --port=9090 --files-root=./data</pre>
 */
public final class PlainServer {

	private PlainServer() {
	}

	public static Server start(int port, Path filesRoot) throws IOException {
		return start(port, filesRoot, "cached");
	}

	/**
	 * {@code executor}: {@code cached} (grpc-java's default), {@code bounded} (the pool
	 * grpckit runs service code on by default, 200 threads) or {@code fork-join} (one
	 * thread per core, as grpc-java's own benchmarks use; unsafe for blocking code).
	 */
	public static Server start(int port, Path filesRoot, String executor) throws IOException {
		NettyServerBuilder builder = NettyServerBuilder.forPort(port);
		switch (executor) {
			case "cached" -> {
			}
			case "bounded" -> builder.executor(new GrpcServiceThreadPool(200, Duration.ofSeconds(60)).executor());
			case "fork-join" -> builder.executor(new ForkJoinPool(Runtime.getRuntime().availableProcessors(),
					ForkJoinPool.defaultForkJoinWorkerThreadFactory, null, true));
			default -> throw new IllegalArgumentException("unknown executor " + executor);
		}
		return builder
			.addService(new MinimalGreeter())
			.addService(new MinimalFileTransfer(filesRoot))
			.build()
			.start();
	}

	public static void main(String[] arguments) throws Exception {
		Args args = Args.parse(arguments);
		Server server = start(args.intValue("port", 9090), Path.of(args.value("files-root", "./data-plain")),
				args.value("executor", "cached"));
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
