package io.grpckit.server;

import java.util.List;
import java.util.function.Supplier;

import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerServiceDefinition;

/**
 * A {@link GrpcServerFactory} over a server builder: adds the services, then applies the
 * customizers in order.
 */
public class BuilderGrpcServerFactory implements GrpcServerFactory {

	private final Supplier<ServerBuilder<?>> builderSupplier;

	private final List<GrpcServerBuilderCustomizer> customizers;

	/**
	 * Create a factory.
	 * @param builderSupplier supplies a fresh builder, e.g. for a Netty or in-process server
	 * @param customizers the customizers to apply, in order
	 */
	public BuilderGrpcServerFactory(Supplier<ServerBuilder<?>> builderSupplier,
			List<GrpcServerBuilderCustomizer> customizers) {
		this.builderSupplier = builderSupplier;
		this.customizers = List.copyOf(customizers);
	}

	@Override
	public Server createServer(List<ServerServiceDefinition> services) {
		ServerBuilder<?> builder = this.builderSupplier.get();
		services.forEach(builder::addService);
		this.customizers.forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

}
