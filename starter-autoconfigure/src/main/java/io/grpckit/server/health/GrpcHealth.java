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
 * once the server has started; on shutdown all turn NOT_SERVING for good, so that later
 * updates cannot revive them, and once the server takes no more calls the open
 * {@code Watch} streams end, so that they do not hold the drain.
 */
public class GrpcHealth {

	/** The name that stands for the whole server. */
	public static final String SERVER = HealthStatusManager.SERVICE_NAME_ALL_SERVICES;

	private final HealthStatusManager manager = new HealthStatusManager();

	private final Map<String, ServingStatus> statuses = new ConcurrentHashMap<>();

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
	public void setStatus(String serviceName, ServingStatus status) {
		if (!this.terminal) {
			this.statuses.put(serviceName, status);
			this.manager.setStatus(serviceName, status);
		}
	}

	/**
	 * Turn every status NOT_SERVING for good; health watchers are told at once.
	 */
	public void enterTerminalState() {
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
