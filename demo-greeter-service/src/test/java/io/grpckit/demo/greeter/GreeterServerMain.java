package io.grpckit.demo.greeter;

import java.net.InetSocketAddress;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;

/**
 * Serves {@link GreeterService} with plain grpc-java (plus reflection, for grpcurl) on the
 * port given as the first argument (default 50051), until the process is stopped. For
 * trying the interop clients in {@code src/test/interop} before the server starter exists.
 */
public final class GreeterServerMain {

	private GreeterServerMain() {
	}

	public static void main(String[] args) throws Exception {
		int port = (args.length > 0) ? Integer.parseInt(args[0]) : 50051;
		GreeterService service = new GreeterService();
		Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
			.addService(service)
			.addService(ProtoReflectionServiceV1.newInstance())
			.build()
			.start();
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			server.shutdown();
			service.destroy();
		}));
		System.out.println("greeter listening on 127.0.0.1:" + server.getPort());
		server.awaitTermination();
	}

}
