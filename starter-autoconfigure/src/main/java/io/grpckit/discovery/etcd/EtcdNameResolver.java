package io.grpckit.discovery.etcd;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.common.exception.CompactedException;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import io.grpc.NameResolver;
import io.grpc.Status;
import io.grpc.SynchronizationContext;
import io.grpc.SynchronizationContext.ScheduledHandle;
import io.grpckit.discovery.ServiceInstance;
import io.grpckit.discovery.internal.Backoff;
import io.grpckit.discovery.internal.InstancePublisher;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.log.LogMessage;

/**
 * Resolves {@code etcd:///<service>}: one range read of {@code <prefix>/<service>/}, then a
 * watch from the next revision that applies every change to the last list. When the watch
 * fails (compaction, etcd gone for good) it reads again with backoff; meanwhile the channel
 * keeps the last known addresses. Everything but etcd's callbacks runs in the channel's
 * synchronization context.
 */
final class EtcdNameResolver extends NameResolver {

	private static final Log logger = LogFactory.getLog(EtcdNameResolver.class);

	private final Client client;

	private final EtcdInstanceCodec codec;

	private final String service;

	private final Backoff backoff;

	private final SynchronizationContext syncContext;

	private final ScheduledExecutorService scheduler;

	private final InstancePublisher publisher;

	private final Map<ByteSequence, ServiceInstance> instances = new LinkedHashMap<>();

	private Watch.@Nullable Watcher watcher;

	private @Nullable ScheduledHandle retry;

	private boolean reading;

	private boolean shutdown;

	private int failures;

	EtcdNameResolver(Client client, EtcdInstanceCodec codec, String service, Backoff backoff, Args args) {
		this.client = client;
		this.codec = codec;
		this.service = service;
		this.backoff = backoff;
		this.syncContext = args.getSynchronizationContext();
		this.scheduler = args.getScheduledExecutorService();
		this.publisher = new InstancePublisher("etcd:///" + service);
	}

	@Override
	public String getServiceAuthority() {
		return this.service;
	}

	@Override
	public void start(Listener2 listener) {
		this.publisher.start(listener);
		read();
	}

	@Override
	public void refresh() {
		if (!this.reading && this.watcher == null && this.retry == null) {
			read();
		}
	}

	@Override
	public void shutdown() {
		this.shutdown = true;
		closeWatcher();
		if (this.retry != null) {
			this.retry.cancel();
			this.retry = null;
		}
	}

	private void read() {
		if (this.shutdown) {
			return;
		}
		this.reading = true;
		ByteSequence dir = this.codec.serviceKey(this.service);
		this.client.getKVClient()
			.get(dir, GetOption.builder().isPrefix(true).build())
			.whenComplete((response, failure) -> this.syncContext.execute(() -> onRead(response, failure)));
	}

	private void onRead(@Nullable GetResponse response, @Nullable Throwable failure) {
		this.reading = false;
		if (this.shutdown) {
			return;
		}
		if (failure != null) {
			retryLater("read of " + this.service + " failed", failure);
			return;
		}
		this.failures = 0;
		this.instances.clear();
		for (KeyValue kv : response.getKvs()) {
			put(kv);
		}
		this.publisher.publish(this.instances.values());
		watch(response.getHeader().getRevision() + 1);
	}

	private void watch(long fromRevision) {
		closeWatcher();
		WatchOption option = WatchOption.builder().isPrefix(true).withRevision(fromRevision).build();
		// jetcd resumes a broken watch stream by itself from the last revision it saw; only
		// errors it gives up on (compaction, halt) reach onError
		this.watcher = this.client.getWatchClient()
			.watch(this.codec.serviceKey(this.service), option,
					Watch.listener((watchResponse) -> this.syncContext.execute(() -> onEvents(watchResponse)),
							(error) -> this.syncContext.execute(() -> onWatchError(error))));
	}

	private void onEvents(WatchResponse response) {
		if (this.shutdown) {
			return;
		}
		for (WatchEvent event : response.getEvents()) {
			if (event.getEventType() == WatchEvent.EventType.PUT) {
				put(event.getKeyValue());
			}
			else if (event.getEventType() == WatchEvent.EventType.DELETE) {
				this.instances.remove(event.getKeyValue().getKey());
			}
		}
		this.publisher.publish(this.instances.values());
	}

	private void onWatchError(Throwable error) {
		if (this.shutdown) {
			return;
		}
		closeWatcher();
		if (error instanceof CompactedException) {
			logger.debug(LogMessage.format("Watch of %s compacted; reading again", this.service));
			read();
			return;
		}
		retryLater("watch of " + this.service + " failed", error);
	}

	private void retryLater(String what, Throwable failure) {
		long delay = this.backoff.delay(this.failures++).toMillis();
		if (this.failures == 1) {
			logger.warn(what + " (" + failure.getMessage() + "); keeping the last " + this.instances.size()
					+ " addresses and retrying");
		}
		this.publisher.failed(Status.UNAVAILABLE.withDescription(what).withCause(failure));
		this.retry = this.syncContext.schedule(() -> {
			this.retry = null;
			read();
		}, delay, TimeUnit.MILLISECONDS, this.scheduler);
	}

	private void put(KeyValue kv) {
		ServiceInstance instance = this.codec.decode(this.service, kv.getKey(), kv.getValue());
		if (instance != null) {
			this.instances.put(kv.getKey(), instance);
		}
		else {
			this.instances.remove(kv.getKey());
		}
	}

	private void closeWatcher() {
		if (this.watcher != null) {
			this.watcher.close();
			this.watcher = null;
		}
	}

}
