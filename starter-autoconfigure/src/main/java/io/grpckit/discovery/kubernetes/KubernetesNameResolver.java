package io.grpckit.discovery.kubernetes;

import java.util.List;

import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.grpc.EquivalentAddressGroup;
import io.grpckit.discovery.internal.Backoff;
import io.grpckit.discovery.internal.RegistryNameResolver;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Resolves {@code kubernetes:///<service>[.<namespace>][:<port>]} from the Service's
 * EndpointSlices, through the informer {@link EndpointSliceWatches} shares between the
 * channels of one Service. Every list of slices is turned into the ready endpoints' addresses
 * and published. When the informer fails, when the port cannot be chosen, or when the
 * Service has no slice left (deleted), the channel keeps the last good addresses and the
 * failure is reported like a failing etcd or Consul: a warning for the first one in a row,
 * and an UNAVAILABLE status for the channel while it has no addresses yet. Everything but
 * the subscriber's callbacks runs in the channel's synchronization context.
 */
final class KubernetesNameResolver extends RegistryNameResolver implements EndpointSliceWatches.Subscriber {

	private static final Log logger = LogFactory.getLog(KubernetesNameResolver.class);

	private final EndpointSliceWatches watches;

	private final KubernetesTarget target;

	private @Nullable AutoCloseable subscription;

	private long version = -1;

	private int published = -1;

	KubernetesNameResolver(EndpointSliceWatches watches, KubernetesTarget target, Backoff backoff, Args args) {
		super(KubernetesNameResolverProvider.SCHEME, target.service(), backoff, args);
		this.watches = watches;
		this.target = target;
	}

	@Override
	protected void read() {
		if (isShutdown() || this.subscription != null) {
			return;
		}
		try {
			this.subscription = this.watches.subscribe(this.target.namespace(), this.target.service(), this);
		}
		catch (RuntimeException ex) {
			failed("watch of the EndpointSlices of " + describe() + " could not start", ex);
		}
	}

	@Override
	protected boolean isReading() {
		return this.subscription != null;
	}

	@Override
	protected void stopReading() {
		if (this.subscription != null) {
			try {
				this.subscription.close();
			}
			catch (Exception ex) {
				logger.debug("Closing the EndpointSlice subscription failed", ex);
			}
			this.subscription = null;
		}
	}

	@Override
	public void onSlices(long version, List<EndpointSlice> slices) {
		syncContext().execute(() -> apply(version, slices));
	}

	@Override
	public void onFailure(Throwable failure, boolean stopped) {
		syncContext().execute(() -> {
			if (isShutdown()) {
				return;
			}
			if (stopped) {
				// subscribe again after the backoff, which starts a new informer
				this.subscription = null;
			}
			failed("watch of the EndpointSlices of " + describe() + " failed", failure);
		});
	}

	private void apply(long version, List<EndpointSlice> slices) {
		if (isShutdown() || this.subscription == null || version < this.version) {
			return;
		}
		this.version = version;
		if (slices.isEmpty()) {
			failed("no EndpointSlice of " + describe()
					+ " exists (Service deleted, misspelled, or its namespace not the one meant)", null);
			return;
		}
		List<EquivalentAddressGroup> addresses;
		try {
			addresses = EndpointSliceAddresses.of(this.target, slices);
		}
		catch (IllegalStateException ex) {
			failed(ex.getMessage(), null);
			return;
		}
		succeeded();
		this.published = addresses.size();
		publishAddresses(addresses);
	}

	private void failed(String what, @Nullable Throwable failure) {
		String reason = (failure != null) ? " (" + failure.getMessage() + ")" : "";
		String kept = (this.published >= 0) ? "keeping the last " + this.published + " addresses" : "no addresses yet";
		retryLater(logger, "kubernetes:///" + this.target + ": " + what + reason + "; " + kept + " and retrying",
				what + reason, failure);
	}

	private String describe() {
		String namespace = (this.target.namespace() != null) ? this.target.namespace()
				: this.watches.defaultNamespaceName();
		return "Service " + this.target.service() + " in namespace " + namespace;
	}

}
