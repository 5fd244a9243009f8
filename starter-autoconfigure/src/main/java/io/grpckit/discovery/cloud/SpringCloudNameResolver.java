package io.grpckit.discovery.cloud;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.grpc.SynchronizationContext.ScheduledHandle;
import io.grpckit.discovery.ServiceInstance;
import io.grpckit.discovery.internal.Backoff;
import io.grpckit.discovery.internal.RegistryNameResolver;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.cloud.client.discovery.DiscoveryClient;

/**
 * Resolves {@code spring-cloud:///<service-id>} by asking a {@link DiscoveryClient}: when
 * started, on every {@code refresh()}, after a changed {@code HeartbeatEvent} and every
 * refresh interval. The client's calls block, so they run on the provider's executor, never
 * in the channel's synchronization context or on an event loop. A list equal to the last one
 * (ids, hosts, ports, metadata) is not handed to the channel again; when the client throws,
 * the channel keeps the last good list and the read is retried with backoff.
 */
final class SpringCloudNameResolver extends RegistryNameResolver {

	private static final Log logger = LogFactory.getLog(SpringCloudNameResolver.class);

	private final Supplier<DiscoveryClient> client;

	private final Executor executor;

	private final Duration refreshInterval;

	private final ScheduledExecutorService scheduler;

	private final CloudInstances instances;

	private final Consumer<SpringCloudNameResolver> onShutdown;

	private @Nullable CompletableFuture<List<ServiceInstance>> pending;

	private @Nullable ScheduledHandle nextRefresh;

	private boolean started;

	// a heartbeat arrived while a read was under way: read once more when it ends
	private boolean readAgain;

	SpringCloudNameResolver(Supplier<DiscoveryClient> client, Executor executor, String service,
			Duration refreshInterval, Backoff backoff, Args args, Consumer<SpringCloudNameResolver> onShutdown) {
		super(SpringCloudNameResolverProvider.SCHEME, service, backoff, args);
		this.client = client;
		this.executor = executor;
		this.refreshInterval = refreshInterval;
		this.scheduler = args.getScheduledExecutorService();
		this.instances = new CloudInstances(SpringCloudNameResolverProvider.SCHEME + ":///" + service);
		this.onShutdown = onShutdown;
	}

	/**
	 * Read again because the registry signalled a change. Safe from any thread.
	 */
	void heartbeat() {
		syncContext().execute(() -> {
			if (!this.started || isShutdown()) {
				return;
			}
			if (isReading()) {
				this.readAgain = true;
			}
			else {
				refresh();
			}
		});
	}

	@Override
	protected void read() {
		if (isShutdown()) {
			return;
		}
		this.started = true;
		this.readAgain = false;
		cancelNextRefresh();
		CompletableFuture<List<ServiceInstance>> future = new CompletableFuture<>();
		this.pending = future;
		String service = service();
		try {
			this.executor.execute(() -> {
				try {
					future.complete(this.instances.convert(service, this.client.get().getInstances(service)));
				}
				catch (Throwable ex) {
					future.completeExceptionally(ex);
				}
			});
		}
		catch (RejectedExecutionException ex) {
			future.completeExceptionally(ex);
		}
		future.whenComplete((result, failure) -> syncContext().execute(() -> onResult(future, result, failure)));
	}

	@Override
	protected boolean isReading() {
		return this.pending != null;
	}

	@Override
	protected void stopReading() {
		CompletableFuture<?> future = this.pending;
		this.pending = null;
		if (future != null) {
			future.cancel(false);
		}
		cancelNextRefresh();
		if (isShutdown()) {
			this.onShutdown.accept(this);
		}
	}

	private void onResult(CompletableFuture<?> future, @Nullable List<ServiceInstance> result,
			@Nullable Throwable failure) {
		if (future != this.pending || isShutdown()) {
			return;
		}
		this.pending = null;
		if (failure != null || result == null) {
			String reason = (failure != null) ? String.valueOf(failure) : "no result";
			retryLater(logger,
					"DiscoveryClient lookup of " + service() + " failed (" + reason
							+ "); keeping the last good list and retrying",
					"DiscoveryClient lookup of " + service() + " failed", failure);
			return;
		}
		succeeded();
		publish(result);
		if (this.readAgain) {
			read();
		}
		else {
			this.nextRefresh = syncContext().schedule(() -> {
				this.nextRefresh = null;
				refresh();
			}, this.refreshInterval.toMillis(), TimeUnit.MILLISECONDS, this.scheduler);
		}
	}

	private void cancelNextRefresh() {
		if (this.nextRefresh != null) {
			this.nextRefresh.cancel();
			this.nextRefresh = null;
		}
	}

}
