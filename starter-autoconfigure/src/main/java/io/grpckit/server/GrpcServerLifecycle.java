package io.grpckit.server;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpckit.server.health.GrpcHealth;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the gRPC servers with the application context and stops them gracefully: readiness
 * and health first, then deregistration, a quiet period, the drain, and finally
 * cancellation of what is left.
 */
public class GrpcServerLifecycle implements SmartLifecycle {

	/**
	 * Phase of the lifecycle: it stops before the web server's graceful shutdown, so HTTP
	 * readiness probes still answer while gRPC drains.
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

	private static final Log logger = LogFactory.getLog(GrpcServerLifecycle.class);

	private final List<GrpcServerFactory> factories;

	private final GrpcServiceDiscoverer discoverer;

	private final @Nullable GrpcHealth health;

	private final ApplicationEventPublisher publisher;

	private final Duration quietPeriod;

	private final Duration gracePeriod;

	private volatile GrpcServerState state = GrpcServerState.STARTING;

	private volatile List<Server> servers = List.of();

	private volatile List<String> serviceNames = List.of();

	// read once when bound: a terminated io.grpc.Server refuses to tell its port
	private volatile int port = -1;

	/**
	 * Create a lifecycle.
	 * @param factories the server factories: network, in-process, or both
	 * @param discoverer finds the services to serve
	 * @param health the health statuses to update, or {@code null} without a health service
	 * @param publisher publishes the lifecycle events
	 * @param quietPeriod time between deregistration and the drain
	 * @param gracePeriod time calls in flight get to finish
	 */
	public GrpcServerLifecycle(List<GrpcServerFactory> factories, GrpcServiceDiscoverer discoverer,
			@Nullable GrpcHealth health, ApplicationEventPublisher publisher, Duration quietPeriod,
			Duration gracePeriod) {
		this.factories = List.copyOf(factories);
		this.discoverer = discoverer;
		this.health = health;
		this.publisher = publisher;
		this.quietPeriod = quietPeriod;
		this.gracePeriod = gracePeriod;
	}

	@Override
	public void start() {
		List<ServerServiceDefinition> services = this.discoverer.findServices();
		List<Server> started = new ArrayList<>();
		for (GrpcServerFactory factory : this.factories) {
			Server server = factory.createServer(services);
			try {
				server.start();
			}
			catch (IOException ex) {
				started.forEach(Server::shutdownNow);
				throw new GrpcServerStartException("grpckit.server.port", ex);
			}
			started.add(server);
		}
		this.servers = List.copyOf(started);
		this.serviceNames = services.stream().map((service) -> service.getServiceDescriptor().getName()).toList();
		this.port = started.stream().mapToInt(Server::getPort).filter((bound) -> bound >= 0).findFirst().orElse(-1);
		this.state = GrpcServerState.RUNNING;
		if (this.health != null) {
			this.health.markServing(this.serviceNames);
		}
		int port = this.port;
		logger.info("gRPC server started" + ((port >= 0) ? " on port " + port : " in-process") + " with services "
				+ this.serviceNames);
		keepJvmAlive();
		this.publisher.publishEvent(new GrpcServerStartedEvent(this, port, this.servers, this.serviceNames));
	}

	@Override
	public void stop() {
		if (this.state != GrpcServerState.RUNNING) {
			return;
		}
		this.state = GrpcServerState.STOPPING;
		logger.info("gRPC server stopping: NOT_SERVING, then a quiet period of " + this.quietPeriod
				+ " and a grace period of up to " + this.gracePeriod);
		// 1. tell health watchers and load balancers first
		if (this.health != null) {
			this.health.enterTerminalState();
		}
		AvailabilityChangeEvent.publish(this.publisher, this, ReadinessState.REFUSING_TRAFFIC);
		// 2. discovery deregisters here
		this.publisher.publishEvent(new GrpcServerStoppingEvent(this));
		// 3. give clients time to notice
		waitQuietly(this.quietPeriod);
		// 4. refuse new calls, let calls in flight go on; health watches never end by
		// themselves, so end them now rather than let them hold the drain
		this.servers.forEach(Server::shutdown);
		if (this.health != null) {
			this.health.endWatches();
		}
		// 5. wait for them, up to the grace period
		boolean drained = awaitTermination(this.gracePeriod);
		// 6. cancel what remains
		if (!drained) {
			logger.info("gRPC grace period over: cancelling the calls still running");
			this.servers.forEach(Server::shutdownNow);
			awaitTermination(Duration.ofSeconds(5));
		}
		this.state = GrpcServerState.STOPPED;
		logger.info("gRPC server stopped");
	}

	@Override
	public boolean isRunning() {
		return this.state == GrpcServerState.RUNNING;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/**
	 * Return the state of the server.
	 * @return the state
	 */
	public GrpcServerState getState() {
		return this.state;
	}

	/**
	 * Return the port of the network server.
	 * @return the bound port, or -1 when no network server runs
	 */
	public int getPort() {
		return this.port;
	}

	/**
	 * Return the names of the served services.
	 * @return the service names
	 */
	public List<String> getServiceNames() {
		return this.serviceNames;
	}

	/**
	 * Return the running servers.
	 * @return the servers
	 */
	public List<Server> getServers() {
		return this.servers;
	}

	private boolean awaitTermination(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		try {
			for (Server server : this.servers) {
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0 || !server.awaitTermination(remaining, TimeUnit.NANOSECONDS)) {
					return false;
				}
			}
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static void waitQuietly(Duration period) {
		if (period.isZero() || period.isNegative()) {
			return;
		}
		try {
			Thread.sleep(period.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * grpc-java's transport threads are daemons; without a web server nothing else would
	 * keep the JVM running.
	 */
	private void keepJvmAlive() {
		List<Server> running = this.servers;
		Thread awaiter = new Thread(() -> {
			try {
				for (Server server : running) {
					server.awaitTermination();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}, "grpckit-server-await");
		awaiter.setDaemon(false);
		awaiter.start();
	}

}
