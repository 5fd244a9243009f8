package io.grpckit.discovery.etcd;

import java.util.LinkedHashMap;
import java.util.Map;

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
import io.grpckit.discovery.ServiceInstance;
import io.grpckit.discovery.internal.Backoff;
import io.grpckit.discovery.internal.RegistryNameResolver;
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
final class EtcdNameResolver extends RegistryNameResolver {

	private static final Log logger = LogFactory.getLog(EtcdNameResolver.class);

	private final Client client;

	private final EtcdInstanceCodec codec;

	private final Map<ByteSequence, ServiceInstance> instances = new LinkedHashMap<>();

	private Watch.@Nullable Watcher watcher;

	private boolean reading;

	EtcdNameResolver(Client client, EtcdInstanceCodec codec, String service, Backoff backoff, Args args) {
		super(EtcdNameResolverProvider.SCHEME, service, backoff, args);
		this.client = client;
		this.codec = codec;
	}

	@Override
	protected void read() {
		if (isShutdown()) {
			return;
		}
		this.reading = true;
		ByteSequence dir = this.codec.serviceKey(service());
		this.client.getKVClient()
			.get(dir, GetOption.builder().isPrefix(true).build())
			.whenComplete((response, failure) -> syncContext().execute(() -> onRead(response, failure)));
	}

	@Override
	protected boolean isReading() {
		return this.reading || this.watcher != null;
	}

	@Override
	protected void stopReading() {
		closeWatcher();
	}

	private void onRead(@Nullable GetResponse response, @Nullable Throwable failure) {
		this.reading = false;
		if (isShutdown()) {
			return;
		}
		if (failure != null) {
			retryLater("read of " + service() + " failed", failure);
			return;
		}
		succeeded();
		this.instances.clear();
		for (KeyValue kv : response.getKvs()) {
			put(kv);
		}
		publish(this.instances.values());
		watch(response.getHeader().getRevision() + 1);
	}

	private void watch(long fromRevision) {
		closeWatcher();
		WatchOption option = WatchOption.builder().isPrefix(true).withRevision(fromRevision).build();
		// jetcd resumes a broken watch stream by itself from the last revision it saw; only
		// errors it gives up on (compaction, halt) reach onError
		this.watcher = this.client.getWatchClient()
			.watch(this.codec.serviceKey(service()), option,
					Watch.listener((watchResponse) -> syncContext().execute(() -> onEvents(watchResponse)),
							(error) -> syncContext().execute(() -> onWatchError(error))));
	}

	private void onEvents(WatchResponse response) {
		if (isShutdown()) {
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
		publish(this.instances.values());
	}

	private void onWatchError(Throwable error) {
		if (isShutdown()) {
			return;
		}
		closeWatcher();
		if (error instanceof CompactedException) {
			logger.debug(LogMessage.format("Watch of %s compacted; reading again", service()));
			read();
			return;
		}
		retryLater("watch of " + service() + " failed", error);
	}

	private void retryLater(String what, @Nullable Throwable failure) {
		String reason = (failure != null) ? failure.getMessage() : "no response";
		retryLater(logger, what + " (" + reason + "); keeping the last " + this.instances.size()
				+ " addresses and retrying", what, failure);
	}

	private void put(KeyValue kv) {
		ServiceInstance instance = this.codec.decode(service(), kv.getKey(), kv.getValue());
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
