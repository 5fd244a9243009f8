package io.grpckit.discovery.consul;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.grpckit.discovery.consul.internal.ConsulClient;
import io.grpckit.discovery.internal.Backoff;
import io.grpckit.discovery.internal.RegistryNameResolver;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Resolves {@code consul:///<service>} with a loop of blocking health queries
 * ({@code passing=true}, {@code index}, {@code wait}): each answer is pushed to the channel
 * and the next query blocks until Consul's index moves. On errors the channel keeps the last
 * good list and the loop backs off.
 */
final class ConsulNameResolver extends RegistryNameResolver {

	private static final Log logger = LogFactory.getLog(ConsulNameResolver.class);

	private final ConsulClient client;

	private final Duration wait;

	private @Nullable CompletableFuture<?> pending;

	private long index;

	ConsulNameResolver(ConsulClient client, String service, Duration wait, Backoff backoff, Args args) {
		super(ConsulNameResolverProvider.SCHEME, service, backoff, args);
		this.client = client;
		this.wait = wait;
	}

	@Override
	protected void read() {
		if (isShutdown()) {
			return;
		}
		this.pending = this.client.passing(service(), this.index, this.wait)
			.whenComplete((result, failure) -> syncContext().execute(() -> onResult(result, failure)));
	}

	@Override
	protected boolean isReading() {
		return this.pending != null;
	}

	@Override
	protected void stopReading() {
		if (this.pending != null) {
			this.pending.cancel(true);
			this.pending = null;
		}
	}

	private void onResult(ConsulClient.@Nullable HealthResult result, @Nullable Throwable failure) {
		this.pending = null;
		if (isShutdown()) {
			return;
		}
		if (failure != null || result == null) {
			String reason = (failure != null) ? failure.getMessage() : "no result";
			retryLater(logger,
					"Consul health query for " + service() + " failed (" + reason
							+ "); keeping the last good list and retrying",
					"Consul query for " + service() + " failed", failure);
			return;
		}
		succeeded();
		// Consul's rule: an index that goes backwards (or 0) resets the blocking loop
		this.index = (result.index() < this.index || result.index() <= 0) ? 0 : result.index();
		publish(result.instances());
		read();
	}

}
