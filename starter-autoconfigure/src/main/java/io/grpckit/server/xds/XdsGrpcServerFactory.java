package io.grpckit.server.xds;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.ServerServiceDefinition;
import io.grpc.xds.XdsServerBuilder;
import io.grpc.xds.XdsServerCredentials;
import io.grpckit.server.GrpcServerBuilderCustomizer;
import io.grpckit.server.GrpcServerFactory;
import org.jspecify.annotations.Nullable;

/**
 * A {@link GrpcServerFactory} for the xDS-managed network server: grpc-xds's
 * {@link XdsServerBuilder} on the port, the services, then the customizers in order (the
 * same ones a plain Netty server gets; {@link XdsServerBuilder#transportBuilder()} is the
 * Netty builder underneath).
 * <p>
 * grpc-xds binds the port only once the server's Listener arrives, and its
 * {@code start()} waits for that without a limit. The server this factory creates waits up
 * to the start timeout; after it, start-up goes on with the server NOT_SERVING (see
 * {@link XdsServingState}) and the port bound whenever the Listener comes.
 */
public class XdsGrpcServerFactory implements GrpcServerFactory {

	private final int port;

	private final ServerCredentials credentials;

	private final List<GrpcServerBuilderCustomizer> customizers;

	private final @Nullable Map<String, ?> bootstrap;

	private final XdsServingState servingState;

	private final Duration startTimeout;

	/**
	 * Create a factory.
	 * @param port the port (0 for any free one, bound when the Listener arrives)
	 * @param credentials the server's credentials, usually
	 * {@link XdsServerCredentials#create(ServerCredentials)} over plaintext or the
	 * server's own TLS
	 * @param customizers the customizers to apply, in order
	 * @param bootstrap the xDS bootstrap, {@code null} for grpc-xds's default
	 * ({@code GRPC_XDS_BOOTSTRAP})
	 * @param servingState receives the serving status
	 * @param startTimeout how long {@code start()} waits for the Listener
	 */
	public XdsGrpcServerFactory(int port, ServerCredentials credentials,
			List<GrpcServerBuilderCustomizer> customizers, @Nullable Map<String, ?> bootstrap,
			XdsServingState servingState, Duration startTimeout) {
		this.port = port;
		this.credentials = credentials;
		this.customizers = List.copyOf(customizers);
		this.bootstrap = bootstrap;
		this.servingState = servingState;
		this.startTimeout = startTimeout;
	}

	@Override
	public Server createServer(List<ServerServiceDefinition> services) {
		XdsServerBuilder builder = XdsServerBuilder.forPort(this.port, this.credentials);
		builder.xdsServingStatusListener(this.servingState);
		if (this.bootstrap != null) {
			// the only per-server way grpc-xds offers; its documented alternatives are
			// process-wide and read once per JVM (see docs/discovery.md)
			builder.overrideBootstrapForTest(this.bootstrap);
		}
		services.forEach(builder::addService);
		this.customizers.forEach((customizer) -> customizer.customize(builder));
		return new TimedStartServer(builder.build(), this.port, this.startTimeout);
	}

}
