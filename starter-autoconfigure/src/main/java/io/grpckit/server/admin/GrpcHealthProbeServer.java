package io.grpckit.server.admin;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpckit.server.GrpcServerFactory;
import io.grpckit.server.GrpcServerLifecycle;
import io.grpckit.server.GrpcServerStartException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * A second, plaintext gRPC server on its own port that serves only
 * {@code grpc.health.v1.Health}, for probes that cannot use the application's port: the
 * kubelet's {@code grpc:} probe speaks neither TLS nor client certificates. It serves the
 * very health service of the application's server, so both ports answer the same
 * statuses, and no interceptor of the application's server runs on it.
 * <p>
 * It starts just before the application's server, answering NOT_SERVING until that one has
 * bound its port, and stops just after it has drained, so a probe sees NOT_SERVING through
 * the whole shutdown (quiet period and drain) instead of a refused connection.
 */
public class GrpcHealthProbeServer implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(GrpcHealthProbeServer.class);

	private final GrpcServerFactory factory;

	private final BindableService healthService;

	private volatile @Nullable Server server;

	// read once when bound: a terminated io.grpc.Server refuses to tell its port
	private volatile int port = -1;

	/**
	 * Create a probe server.
	 * @param factory creates the (plaintext) server, bound where the probes reach it
	 * @param healthService the health service of the application's server
	 */
	public GrpcHealthProbeServer(GrpcServerFactory factory, BindableService healthService) {
		this.factory = factory;
		this.healthService = healthService;
	}

	@Override
	public void start() {
		Server probe = this.factory.createServer(List.of(this.healthService.bindService()));
		try {
			probe.start();
		}
		catch (IOException ex) {
			throw new GrpcServerStartException("grpckit.server.health.port", ex);
		}
		this.server = probe;
		this.port = probe.getPort();
		logger.info("gRPC health probe server (grpc.health.v1.Health, plaintext) started on port " + this.port);
	}

	@Override
	public void stop() {
		Server probe = this.server;
		if (probe == null) {
			return;
		}
		// health checks are short unary calls: a moment to finish, then cancel the rest
		probe.shutdown();
		try {
			if (!probe.awaitTermination(2, TimeUnit.SECONDS)) {
				probe.shutdownNow();
				probe.awaitTermination(5, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			probe.shutdownNow();
			Thread.currentThread().interrupt();
		}
		this.server = null;
	}

	@Override
	public boolean isRunning() {
		return this.server != null;
	}

	@Override
	public int getPhase() {
		// lower phase: started before and stopped after the application's server
		return GrpcServerLifecycle.PHASE - 1;
	}

	/**
	 * Return the bound port.
	 * @return the port, or -1 before the server has started
	 */
	public int getPort() {
		return this.port;
	}

}
