package io.grpckit.server.xds;

import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * grpc-xds's server with a bounded {@link #start()}: grpc-xds's own start waits until the
 * control plane has sent the server's Listener, however long that takes. Here it runs on
 * a thread of its own, and {@code start()} returns after the timeout with the server not
 * yet bound (it binds when the Listener comes) rather than hold the application's start-up
 * forever.
 */
final class TimedStartServer extends Server {

	private static final Log logger = LogFactory.getLog(TimedStartServer.class);

	private final Server delegate;

	private final int configuredPort;

	private final Duration startTimeout;

	private final CompletableFuture<Void> started = new CompletableFuture<>();

	// start() has returned without waiting for the outcome
	private volatile boolean gaveUp;

	TimedStartServer(Server delegate, int configuredPort, Duration startTimeout) {
		this.delegate = delegate;
		this.configuredPort = configuredPort;
		this.startTimeout = startTimeout;
	}

	@Override
	public Server start() throws IOException {
		Thread starter = new Thread(this::startDelegate, "grpckit-xds-server-start");
		starter.setDaemon(true);
		starter.start();
		try {
			this.started.get(this.startTimeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			this.gaveUp = true;
			logger.warn("xDS server on port " + this.configuredPort + " has no Listener from the control plane after "
					+ this.startTimeout + " (grpckit.server.xds.start-timeout): starting NOT_SERVING, with readiness "
					+ "REFUSING_TRAFFIC; it binds and serves once the Listener arrives");
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			throw (cause instanceof IOException io) ? io : new IOException(cause);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.delegate.shutdownNow();
			throw new IOException("Interrupted while waiting for the xDS server's Listener", ex);
		}
		return this;
	}

	private void startDelegate() {
		try {
			this.delegate.start();
			this.started.complete(null);
		}
		catch (IOException | RuntimeException ex) {
			this.started.completeExceptionally(ex);
			if (this.gaveUp && !this.delegate.isShutdown()) {
				// start() has returned already: nobody else hears of it
				logger.warn("xDS server could not start: " + ex.getMessage(), ex);
			}
		}
	}

	@Override
	public Server shutdown() {
		if (!this.started.isDone()) {
			// never bound, so no call to drain; and only shutdownNow ends grpc-xds's wait
			this.delegate.shutdownNow();
		}
		else {
			this.delegate.shutdown();
		}
		return this;
	}

	@Override
	public Server shutdownNow() {
		this.delegate.shutdownNow();
		return this;
	}

	@Override
	public boolean isShutdown() {
		return this.delegate.isShutdown();
	}

	@Override
	public boolean isTerminated() {
		return this.delegate.isTerminated();
	}

	@Override
	public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
		return this.delegate.awaitTermination(timeout, unit);
	}

	@Override
	public void awaitTermination() throws InterruptedException {
		this.delegate.awaitTermination();
	}

	/**
	 * Return the bound port; before the Listener has arrived the configured one, or -1 for
	 * port 0.
	 */
	@Override
	public int getPort() {
		try {
			return this.delegate.getPort();
		}
		catch (IllegalStateException ex) {
			// not bound yet
			return (this.configuredPort > 0) ? this.configuredPort : -1;
		}
	}

	@Override
	public List<? extends SocketAddress> getListenSockets() {
		try {
			return this.delegate.getListenSockets();
		}
		catch (IllegalStateException ex) {
			return List.of();
		}
	}

	@Override
	public List<ServerServiceDefinition> getServices() {
		return this.delegate.getServices();
	}

	@Override
	public List<ServerServiceDefinition> getImmutableServices() {
		return this.delegate.getImmutableServices();
	}

	@Override
	public List<ServerServiceDefinition> getMutableServices() {
		return this.delegate.getMutableServices();
	}

}
