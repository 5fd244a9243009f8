package io.grpckit.discovery.kubernetes;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.log.LogMessage;
import org.springframework.util.StringUtils;

/**
 * The informers of EndpointSlices, one per (namespace, Service) however many channels
 * resolve it: started by the first subscriber, stopped when the last one leaves. Each change
 * hands every subscriber the Service's whole list of slices, numbered so that a subscriber
 * can drop a list older than one it already has (lists are handed over from fabric8's
 * threads). The informer retries a failed list or watch by itself; each failure is passed on
 * so that resolvers report it.
 */
final class EndpointSliceWatches implements AutoCloseable {

	/** Label by which an EndpointSlice names its Service. */
	static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

	private static final Log logger = LogFactory.getLog(EndpointSliceWatches.class);

	private final Supplier<KubernetesClient> client;

	private final @Nullable String defaultNamespace;

	private final Map<Key, Watch> watches = new HashMap<>();

	private final AtomicInteger informersStarted = new AtomicInteger();

	private @Nullable String namespace;

	private boolean closed;

	EndpointSliceWatches(Supplier<KubernetesClient> client, @Nullable String defaultNamespace) {
		this.client = client;
		this.defaultNamespace = defaultNamespace;
	}

	/**
	 * Subscribe to the slices of a Service, starting its informer if it has none.
	 * @param namespace the namespace, or {@code null} for the default one
	 * @param service the Service name
	 * @param subscriber what receives the lists and failures
	 * @return what ends the subscription
	 */
	AutoCloseable subscribe(@Nullable String namespace, String service, Subscriber subscriber) {
		Watch watch;
		synchronized (this) {
			if (this.closed) {
				throw new IllegalStateException("the kubernetes:/// resolver is closed");
			}
			// the first subscription creates the client: nothing connects before a channel resolves
			Key key = new Key((namespace != null) ? namespace : defaultNamespace(), service);
			watch = this.watches.get(key);
			if (watch == null) {
				watch = new Watch(key);
				this.watches.put(key, watch);
				this.informersStarted.incrementAndGet();
				watch.start();
			}
			watch.subscribers.add(subscriber);
		}
		watch.deliverTo(subscriber);
		Watch subscribed = watch;
		return () -> unsubscribe(subscribed, subscriber);
	}

	/**
	 * Return the namespace of targets that name none.
	 * @return the namespace
	 */
	synchronized String defaultNamespace() {
		if (this.namespace == null) {
			String detected = StringUtils.hasText(this.defaultNamespace) ? this.defaultNamespace
					: this.client.get().getNamespace();
			this.namespace = StringUtils.hasText(detected) ? detected : "default";
		}
		return this.namespace;
	}

	/**
	 * Return the default namespace for messages, without creating the client.
	 * @return the namespace, or a placeholder while it is not known
	 */
	synchronized String defaultNamespaceName() {
		if (this.namespace != null) {
			return this.namespace;
		}
		return StringUtils.hasText(this.defaultNamespace) ? this.defaultNamespace : "(default)";
	}

	/**
	 * Return how many informers were started so far, for tests.
	 * @return the count
	 */
	int informersStarted() {
		return this.informersStarted.get();
	}

	/**
	 * Return how many informers run now, for tests.
	 * @return the count
	 */
	synchronized int informersRunning() {
		return this.watches.size();
	}

	private void unsubscribe(Watch watch, Subscriber subscriber) {
		boolean last;
		synchronized (this) {
			last = watch.subscribers.remove(subscriber) && watch.subscribers.isEmpty()
					&& this.watches.remove(watch.key, watch);
		}
		if (last) {
			watch.close();
		}
	}

	private synchronized void forget(Watch watch) {
		this.watches.remove(watch.key, watch);
	}

	@Override
	public void close() {
		List<Watch> open;
		synchronized (this) {
			this.closed = true;
			open = new ArrayList<>(this.watches.values());
			this.watches.clear();
		}
		open.forEach(Watch::close);
	}

	/**
	 * Receives the slices of a Service. Called from fabric8's threads or the subscribing one.
	 */
	interface Subscriber {

		/**
		 * Take the Service's current slices.
		 * @param version the number of this list; a higher one is newer
		 * @param slices every slice of the Service, possibly none
		 */
		void onSlices(long version, List<EndpointSlice> slices);

		/**
		 * Take a failure of the informer.
		 * @param failure what failed
		 * @param stopped whether the informer stopped for good (subscribe again), rather than
		 * retrying by itself
		 */
		void onFailure(Throwable failure, boolean stopped);

	}

	private record Key(String namespace, String service) {

	}

	private final class Watch implements ResourceEventHandler<EndpointSlice> {

		private final Key key;

		private final List<Subscriber> subscribers = new ArrayList<>();

		private @Nullable SharedIndexInformer<EndpointSlice> informer;

		private long version;

		private boolean synced;

		private volatile boolean closing;

		Watch(Key key) {
			this.key = key;
		}

		// called under the registry's lock: creating the informer does not block
		void start() {
			try {
				SharedIndexInformer<EndpointSlice> created = EndpointSliceWatches.this.client.get()
					.discovery()
					.v1()
					.endpointSlices()
					.inNamespace(this.key.namespace())
					.withLabel(SERVICE_NAME_LABEL, this.key.service())
					.runnableInformer(0);
				created.exceptionHandler(this::onException);
				created.addEventHandler(this);
				this.informer = created;
				logger.debug(LogMessage.format("Watching EndpointSlices of %s", this.key));
				created.start().whenComplete((ignored, failure) -> {
					if (failure == null) {
						markSynced();
					}
				});
				created.stopped().whenComplete((ignored, failure) -> onStopped(failure));
			}
			catch (RuntimeException ex) {
				// no client (bad configuration): the subscriber hears it and subscribes again later
				EndpointSliceWatches.this.watches.remove(this.key, this);
				this.closing = true;
				throw ex;
			}
		}

		private void markSynced() {
			synchronized (this) {
				this.synced = true;
			}
			deliver();
		}

		@Override
		public void onAdd(EndpointSlice slice) {
			deliver();
		}

		@Override
		public void onUpdate(EndpointSlice before, EndpointSlice after) {
			deliver();
		}

		@Override
		public void onDelete(EndpointSlice slice, boolean finalStateUnknown) {
			deliver();
		}

		@Override
		public void onNothing() {
			deliver();
		}

		private boolean onException(boolean started, Throwable failure) {
			if (this.closing) {
				return false;
			}
			logger.debug(LogMessage.format("Informer of EndpointSlices of %s failed; it retries", this.key), failure);
			subscribers().forEach((subscriber) -> subscriber.onFailure(failure, false));
			// retry whether or not the first list succeeded: the API server may come back
			return true;
		}

		private void onStopped(@Nullable Throwable failure) {
			if (this.closing) {
				return;
			}
			forget(this);
			Throwable reason = (failure != null) ? failure
					: new IllegalStateException("informer of EndpointSlices of " + this.key + " stopped");
			subscribers().forEach((subscriber) -> subscriber.onFailure(reason, true));
		}

		void deliverTo(Subscriber subscriber) {
			long current;
			List<EndpointSlice> slices;
			synchronized (this) {
				if (!this.synced || this.informer == null) {
					return;
				}
				current = this.version;
				slices = List.copyOf(this.informer.getStore().list());
			}
			subscriber.onSlices(current, slices);
		}

		private void deliver() {
			long current;
			List<EndpointSlice> slices;
			synchronized (this) {
				if (!this.synced || this.informer == null) {
					return;
				}
				current = ++this.version;
				slices = List.copyOf(this.informer.getStore().list());
			}
			subscribers().forEach((subscriber) -> subscriber.onSlices(current, slices));
		}

		private List<Subscriber> subscribers() {
			synchronized (EndpointSliceWatches.this) {
				return List.copyOf(this.subscribers);
			}
		}

		void close() {
			this.closing = true;
			if (this.informer != null) {
				this.informer.close();
				logger.debug(LogMessage.format("Stopped watching EndpointSlices of %s", this.key));
			}
		}

		@Override
		public String toString() {
			return this.key.toString();
		}

	}

}
