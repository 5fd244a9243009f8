package io.grpckit.benchmarks.plain;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpckit.benchmarks.Args;
import io.grpckit.benchmarks.services.MinimalFileTransfer;
import io.grpckit.benchmarks.services.MinimalGreeter;
import io.grpckit.server.GrpcServiceThreadPool;

/**
 * The floor: plain grpc-java (Netty, default executor), no Spring, serving the minimal
 * Greeter and FileTransfer services. {@code --executor} swaps the executor, to tell
 * what the executor costs from what the rest of a server costs. {@code --greeter=demo}
 * serves the greeter demo's own {@code GreeterService} instead of the minimal Greeter
 * (its compiled classes on the class path, {@code demo-greeter-service/target/classes}),
 * to tell what the demo's service code costs from what the kit costs.
 * <pre>java -cp grpckit-benchmarks.jar io.grpckit.benchmarks.plain.PlainServer --port=9090 --files-root=./data</pre>
 */
public final class PlainServer {

	private static final String DEMO_GREETER = "io.grpckit.demo.greeter.GreeterService";

	private PlainServer() {
	}

	public static Server start(int port, Path filesRoot) throws IOException {
		return start(port, filesRoot, "cached");
	}

	/**
	 * {@code executor}: {@code cached} (grpc-java's default), {@code bounded} (the pool
	 * grpckit runs service code on by default, 200 threads) or {@code fork-join} (one
	 * thread per core, as grpc-java's own benchmarks use; unsafe for blocking code), {@code fixed}
	 * (a fixed pool of one thread per core) or {@code direct} (Netty's event loop,
	 * {@code directExecutor()}: where grpckit runs {@code @NonBlocking} services).
	 */
	public static Server start(int port, Path filesRoot, String executor) throws IOException {
		return start(port, filesRoot, executor, "minimal");
	}

	/**
	 * {@code greeter}: {@code minimal} or {@code demo} (the greeter demo's
	 * {@code GreeterService}, loaded by name: the harness does not depend on the demo).
	 */
	public static Server start(int port, Path filesRoot, String executor, String greeter) throws IOException {
		NettyServerBuilder builder = NettyServerBuilder.forPort(port);
		switch (executor) {
			case "cached" -> {
			}
			case "bounded" -> builder.executor(new GrpcServiceThreadPool(200, Duration.ofSeconds(60)).executor());
			case "fork-join" -> builder.executor(new ForkJoinPool(Runtime.getRuntime().availableProcessors(),
					ForkJoinPool.defaultForkJoinWorkerThreadFactory, null, true));
			// the fixed pool of one thread per core of issue 21's floor
			case "fixed" -> builder.executor(Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors()));
			case "direct" -> builder.directExecutor();
			default -> throw new IllegalArgumentException("unknown executor " + executor);
		}
		return builder.addService(greeter(greeter))
			.addService(new MinimalFileTransfer(filesRoot))
			.build()
			.start();
	}

	private static BindableService greeter(String greeter) {
		return switch (greeter) {
			case "minimal" -> new MinimalGreeter();
			case "demo" -> {
				try {
					yield (BindableService) Class.forName(DEMO_GREETER).getConstructor().newInstance();
				}
				catch (ReflectiveOperationException ex) {
					throw new IllegalStateException(DEMO_GREETER + " not on the class path "
							+ "(add demo-greeter-service/target/classes after the harness jar)", ex);
				}
			}
			default -> throw new IllegalArgumentException("unknown greeter " + greeter);
		};
	}

	public static void main(String[] arguments) throws Exception {
		Args args = Args.parse(arguments);
		Server server = start(args.intValue("port", 9090), Path.of(args.value("files-root", "./data-plain")),
				args.value("executor", "cached"), args.value("greeter", "minimal"));
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
