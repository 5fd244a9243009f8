package io.grpckit.server.admin;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.services.AdminInterface;
import io.grpckit.server.GrpcServerLifecycle;
import io.grpckit.server.GrpcServerStartException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * A second gRPC server, on its own port, serving grpc-java's admin services
 * ({@link AdminInterface#getStandardServices()}: channelz, and CSDS when grpc-xds is
 * present) so that operators can inspect a live process with standard tools while the
 * application port stays free of them. It starts before the application's server and
 * stops after it, so it can be inspected during the drain.
 */
public class GrpcAdminServer implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(GrpcAdminServer.class);

	private final int port;

	private volatile @Nullable Server server;

	/**
	 * Create an admin server.
	 * @param port the port to bind on all addresses; 0 picks a free one
	 */
	public GrpcAdminServer(int port) {
		this.port = port;
	}

	@Override
	public void start() {
		Server admin = Grpc.newServerBuilderForPort(this.port, InsecureServerCredentials.create())
			.addServices(AdminInterface.getStandardServices())
			.build();
		try {
			admin.start();
		}
		catch (IOException ex) {
			throw new GrpcServerStartException("grpckit.server.admin.port", ex);
		}
		this.server = admin;
		logger.info("gRPC admin server (channelz) started on port " + admin.getPort());
	}

	@Override
	public void stop() {
		Server admin = this.server;
		if (admin == null) {
			return;
		}
		admin.shutdownNow();
		try {
			admin.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
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
	 * @return the port, or -1 when not running
	 */
	public int getPort() {
		Server admin = this.server;
		return (admin != null) ? admin.getPort() : -1;
	}

}
