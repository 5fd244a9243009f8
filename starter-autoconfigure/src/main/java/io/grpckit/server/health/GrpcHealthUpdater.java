package io.grpckit.server.health;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.SmartApplicationListener;

/**
 * Feeds an application health status (Spring Boot's, in practice) into the gRPC health
 * statuses at a fixed rate, once the application is ready. Not before: until then Boot's
 * liveness state is not yet CORRECT, and would turn a freshly started server NOT_SERVING.
 */
public class GrpcHealthUpdater implements SmartApplicationListener, DisposableBean {

	private static final Log logger = LogFactory.getLog(GrpcHealthUpdater.class);

	private final GrpcHealth health;

	private final Function<@Nullable String, @Nullable String> statusReader;

	private final Set<String> notServingStatuses;

	private final Map<String, String> servicePaths;

	private final Duration rate;

	private final Supplier<List<String>> services;

	private volatile @Nullable ScheduledExecutorService scheduler;

	private volatile List<String> served = List.of();

	private volatile boolean failing;

	/**
	 * Create an updater.
	 * @param health the statuses to update
	 * @param statusReader reads the status code of a health path; {@code null} stands for
	 * the overall health
	 * @param notServingStatuses status codes that mean NOT_SERVING
	 * @param servicePaths the health path that decides a service's status, by service name
	 * @param rate how often to read
	 * @param services supplies the names of the served services
	 */
	public GrpcHealthUpdater(GrpcHealth health, Function<@Nullable String, @Nullable String> statusReader,
			Set<String> notServingStatuses, Map<String, String> servicePaths, Duration rate,
			Supplier<List<String>> services) {
		this.health = health;
		this.statusReader = statusReader;
		this.notServingStatuses = Set.copyOf(notServingStatuses);
		this.servicePaths = Map.copyOf(servicePaths);
		this.rate = rate;
		this.services = services;
	}

	@Override
	public boolean supportsEventType(Class<? extends ApplicationEvent> eventType) {
		return ApplicationReadyEvent.class.isAssignableFrom(eventType)
				|| AvailabilityChangeEvent.class.isAssignableFrom(eventType);
	}

	/**
	 * Starts reading at the fixed rate once the application is ready, and reads at once
	 * whenever its liveness or readiness changes: Boot publishes ACCEPTING_TRAFFIC just
	 * after the ready event, and a probe should not see the old state for a whole period.
	 */
	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		if (event instanceof ApplicationReadyEvent) {
			this.served = this.services.get();
			ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
				Thread thread = new Thread(task, "grpckit-health-updater");
				thread.setDaemon(true);
				return thread;
			});
			this.scheduler = scheduler;
			scheduler.scheduleAtFixedRate(() -> update(this.served), 0, this.rate.toMillis(), TimeUnit.MILLISECONDS);
		}
		else if (event instanceof AvailabilityChangeEvent) {
			ScheduledExecutorService scheduler = this.scheduler;
			if (scheduler != null) {
				try {
					scheduler.execute(() -> update(this.served));
				}
				catch (RejectedExecutionException ex) {
					// shut down meanwhile: the server is stopping
				}
			}
		}
	}

	void update(List<String> services) {
		try {
			String overall = this.statusReader.apply(null);
			this.health.setStatus(GrpcHealth.SERVER, servingStatus(overall));
			for (String service : services) {
				String path = this.servicePaths.get(service);
				String status = (path != null) ? this.statusReader.apply(path) : overall;
				this.health.setStatus(service, servingStatus(status));
			}
			this.failing = false;
		}
		catch (RuntimeException ex) {
			// keep the last statuses; say so once, not at every tick
			if (!this.failing) {
				logger.warn("Could not read application health for the gRPC health service", ex);
				this.failing = true;
			}
		}
	}

	private ServingStatus servingStatus(@Nullable String status) {
		return (status == null || this.notServingStatuses.contains(status)) ? ServingStatus.NOT_SERVING
				: ServingStatus.SERVING;
	}

	@Override
	public void destroy() {
		ScheduledExecutorService current = this.scheduler;
		if (current != null) {
			current.shutdownNow();
		}
	}

}
