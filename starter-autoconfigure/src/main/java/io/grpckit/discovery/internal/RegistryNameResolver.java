package io.grpckit.discovery.internal;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.Status;
import io.grpc.SynchronizationContext;
import io.grpc.SynchronizationContext.ScheduledHandle;
import io.grpckit.discovery.ServiceInstance;
import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;

/**
 * Base of the resolvers that read a service registry (etcd, Consul): what they share is the
 * life of a resolver in grpc-java's synchronization context, publishing through an
 * {@link InstancePublisher}, and retrying a failed read with backoff while the channel
 * keeps the last good addresses. Subclasses say how to read and when they are reading.
 * Every method runs in the channel's synchronization context, and so must the callbacks of
 * a subclass's reads.
 */
public abstract class RegistryNameResolver extends NameResolver {

	private final String service;

	private final Backoff backoff;

	private final SynchronizationContext syncContext;

	private final ScheduledExecutorService scheduler;

	private final InstancePublisher publisher;

	private @Nullable ScheduledHandle retry;

	private int failures;

	private boolean shutdown;

	/**
	 * Create a resolver.
	 * @param scheme the target scheme, e.g. {@code etcd}, for log messages
	 * @param service the service name
	 * @param backoff the backoff between failed reads
	 * @param args grpc-java's arguments for the resolver
	 */
	protected RegistryNameResolver(String scheme, String service, Backoff backoff, Args args) {
		this.service = service;
		this.backoff = backoff;
		this.syncContext = args.getSynchronizationContext();
		this.scheduler = args.getScheduledExecutorService();
		this.publisher = new InstancePublisher(scheme + ":///" + service);
	}

	@Override
	public final String getServiceAuthority() {
		return this.service;
	}

	@Override
	public final void start(Listener2 listener) {
		this.publisher.start(listener);
		read();
	}

	@Override
	public final void refresh() {
		if (!isReading() && this.retry == null) {
			read();
		}
	}

	@Override
	public final void shutdown() {
		this.shutdown = true;
		stopReading();
		if (this.retry != null) {
			this.retry.cancel();
			this.retry = null;
		}
	}

	/**
	 * Start reading the registry, unless {@link #isShutdown() shut down}. Results and
	 * failures must come back through the {@link #syncContext() synchronization context}.
	 */
	protected abstract void read();

	/**
	 * Return whether a read or a watch is under way, so that {@code refresh()} need not
	 * start another.
	 * @return whether reading
	 */
	protected abstract boolean isReading();

	/**
	 * Stop reading: cancel a pending read, close a watch.
	 */
	protected abstract void stopReading();

	/**
	 * Return the service name.
	 * @return the service this resolver resolves
	 */
	protected final String service() {
		return this.service;
	}

	/**
	 * Return the channel's synchronization context.
	 * @return the context every callback must run in
	 */
	protected final SynchronizationContext syncContext() {
		return this.syncContext;
	}

	/**
	 * Return whether the channel shut this resolver down.
	 * @return whether shut down
	 */
	protected final boolean isShutdown() {
		return this.shutdown;
	}

	/**
	 * Publish a complete, successfully read list.
	 * @param instances the instances now registered
	 */
	protected final void publish(Collection<ServiceInstance> instances) {
		this.publisher.publish(instances);
	}

	/**
	 * Publish a complete, successfully read list of address groups a subclass built itself
	 * (with attributes of its own).
	 * @param groups the address groups now resolved
	 */
	protected final void publishAddresses(List<EquivalentAddressGroup> groups) {
		this.publisher.publishAddresses(groups);
	}

	/**
	 * Note a successful read: the next failure starts the backoff from the beginning.
	 */
	protected final void succeeded() {
		this.failures = 0;
	}

	/**
	 * Report a failed read and {@link #read() read again} after the backoff. The channel
	 * keeps the last good addresses; only the first failure in a row is logged.
	 * @param logger the subclass's logger
	 * @param message what failed and what is kept, for the log
	 * @param description what failed, for the channel's status
	 * @param failure the cause
	 */
	protected final void retryLater(Log logger, String message, String description, @Nullable Throwable failure) {
		long delay = this.backoff.delay(this.failures++).toMillis();
		if (this.failures == 1) {
			logger.warn(message);
		}
		this.publisher.failed(Status.UNAVAILABLE.withDescription(description).withCause(failure));
		this.retry = this.syncContext.schedule(() -> {
			this.retry = null;
			read();
		}, delay, TimeUnit.MILLISECONDS, this.scheduler);
	}

}
