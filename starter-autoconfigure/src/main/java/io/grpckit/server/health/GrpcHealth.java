package io.grpckit.server.health;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.grpc.BindableService;
import io.grpc.ServerInterceptors;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;

/**
 * The server's {@code grpc.health.v1} statuses. Every served service and "" report SERVING
 * once the server has started, unless {@link #hold() held} at NOT_SERVING (an xDS server
 * without its Listener); on shutdown all turn NOT_SERVING for good, so that later
 * updates cannot revive them, and once the server takes no more calls the open
 * {@code Watch} streams end, so that they do not hold the drain.
 */
public class GrpcHealth {

	/** The name that stands for the whole server. */
	public static final String SERVER = HealthStatusManager.SERVICE_NAME_ALL_SERVICES;

	private final HealthStatusManager manager = new HealthStatusManager();

	private final Map<String, ServingStatus> statuses = new ConcurrentHashMap<>();

	// what was set, kept while held so that release() restores it; guarded by this
	private final Map<String, ServingStatus> wanted = new ConcurrentHashMap<>();

	// guarded by this
	private boolean held;

	private final HealthWatches watches = new HealthWatches();

	private volatile boolean terminal;

	public GrpcHealth() {
		// nothing is served before the server has started
		setStatus(SERVER, ServingStatus.NOT_SERVING);
	}

	/**
	 * Return the {@code grpc.health.v1.Health} service to serve.
	 * @return the health service
	 */
	public BindableService getHealthService() {
		BindableService service = this.manager.getHealthService();
		return () -> ServerInterceptors.intercept(service, this.watches);
	}

	/**
	 * Mark the server and the given services SERVING.
	 * @param serviceNames the served services
	 */
	public void markServing(Collection<String> serviceNames) {
		setStatus(SERVER, ServingStatus.SERVING);
		serviceNames.forEach((name) -> setStatus(name, ServingStatus.SERVING));
	}

	/**
	 * Set the status of one service ("" for the server). Ignored once terminal.
	 * @param serviceName the service name
	 * @param status the status
	 */
	public synchronized void setStatus(String serviceName, ServingStatus status) {
		if (!this.terminal) {
			this.wanted.put(serviceName, status);
			apply(serviceName, status);
		}
	}

	/**
	 * Hold every status at NOT_SERVING until {@link #release()}, whatever is set meanwhile:
	 * for a server that something outside the application (an xDS control plane) does not
	 * let serve. Ignored once terminal.
	 */
	public synchronized void hold() {
		if (!this.terminal && !this.held) {
			this.held = true;
			this.wanted.forEach(this::apply);
		}
	}

	/**
	 * End a {@link #hold()}: every status turns to the one last set. Ignored once terminal.
	 */
	public synchronized void release() {
		if (!this.terminal && this.held) {
			this.held = false;
			this.wanted.forEach(this::apply);
		}
	}

	/**
	 * Return whether the statuses are held at NOT_SERVING.
	 * @return whether {@link #hold()} is in force
	 */
	public synchronized boolean isHeld() {
		return this.held;
	}

	private void apply(String serviceName, ServingStatus status) {
		ServingStatus effective = this.held ? ServingStatus.NOT_SERVING : status;
		this.statuses.put(serviceName, effective);
		this.manager.setStatus(serviceName, effective);
	}

	/**
	 * Turn every status NOT_SERVING for good; health watchers are told at once.
	 */
	public synchronized void enterTerminalState() {
		this.terminal = true;
		this.statuses.replaceAll((name, status) -> ServingStatus.NOT_SERVING);
		this.manager.enterTerminalState();
	}

	/**
	 * End every open {@code Watch} stream with OK and refuse new ones (UNAVAILABLE). Call
	 * it once the server has stopped taking calls: a watch never ends by itself, so each
	 * would otherwise hold the drain for the whole grace period. Watchers have had
	 * NOT_SERVING from {@link #enterTerminalState()} by then.
	 */
	public void endWatches() {
		this.watches.endAll();
	}

	/**
	 * Return the current statuses by service name.
	 * @return a copy of the statuses
	 */
	public Map<String, ServingStatus> getStatuses() {
		return Map.copyOf(this.statuses);
	}

}
