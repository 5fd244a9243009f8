package io.grpckit.discovery.consul;

import io.grpckit.discovery.consul.internal.ConsulClient;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.grpc.NameResolver;
import io.grpc.Status;
import io.grpc.SynchronizationContext;
import io.grpc.SynchronizationContext.ScheduledHandle;
import io.grpckit.discovery.internal.Backoff;
import io.grpckit.discovery.internal.InstancePublisher;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Resolves {@code consul:///<service>} with a loop of blocking health queries
 * ({@code passing=true}, {@code index}, {@code wait}): each answer is pushed to the channel
 * and the next query blocks until Consul's index moves. On errors the channel keeps the last
 * good list and the loop backs off.
 */
final class ConsulNameResolver extends NameResolver {

	private static final Log logger = LogFactory.getLog(ConsulNameResolver.class);

	private final ConsulClient client;

	private final String service;

	private final Duration wait;

	private final Backoff backoff;

	private final SynchronizationContext syncContext;

	private final ScheduledExecutorService scheduler;

	private final InstancePublisher publisher;

	private @Nullable CompletableFuture<?> pending;

	private @Nullable ScheduledHandle retry;

	private long index;

	private int failures;

	private boolean shutdown;

	ConsulNameResolver(ConsulClient client, String service, Duration wait, Backoff backoff, Args args) {
		this.client = client;
		this.service = service;
		this.wait = wait;
		this.backoff = backoff;
		this.syncContext = args.getSynchronizationContext();
		this.scheduler = args.getScheduledExecutorService();
		this.publisher = new InstancePublisher("consul:///" + service);
	}

	@Override
	public String getServiceAuthority() {
		return this.service;
	}

	@Override
	public void start(Listener2 listener) {
		this.publisher.start(listener);
		query();
	}

	@Override
	public void refresh() {
		if (this.pending == null && this.retry == null) {
			query();
		}
	}

	@Override
	public void shutdown() {
		this.shutdown = true;
		if (this.pending != null) {
			this.pending.cancel(true);
			this.pending = null;
		}
		if (this.retry != null) {
			this.retry.cancel();
			this.retry = null;
		}
	}

	private void query() {
		if (this.shutdown) {
			return;
		}
		this.pending = this.client.passing(this.service, this.index, this.wait)
			.whenComplete((result, failure) -> this.syncContext.execute(() -> onResult(result, failure)));
	}

	private void onResult(ConsulClient.@Nullable HealthResult result, @Nullable Throwable failure) {
		this.pending = null;
		if (this.shutdown) {
			return;
		}
		if (failure != null) {
			long delay = this.backoff.delay(this.failures++).toMillis();
			if (this.failures == 1) {
				logger.warn("Consul health query for " + this.service + " failed (" + failure.getMessage()
						+ "); keeping the last good list and retrying");
			}
			this.publisher.failed(Status.UNAVAILABLE.withDescription("Consul query for " + this.service + " failed")
				.withCause(failure));
			this.retry = this.syncContext.schedule(() -> {
				this.retry = null;
				query();
			}, delay, TimeUnit.MILLISECONDS, this.scheduler);
			return;
		}
		this.failures = 0;
		// Consul's rule: an index that goes backwards (or 0) resets the blocking loop
		this.index = (result.index() < this.index || result.index() <= 0) ? 0 : result.index();
		this.publisher.publish(result.instances());
		query();
	}

}
