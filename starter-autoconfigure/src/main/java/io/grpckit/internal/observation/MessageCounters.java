package io.grpckit.internal.observation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.observation.Observation;

/**
 * The message counters of one interceptor: the counters Micrometer's
 * {@code DefaultMeterObservationHandler} would make of an observation event, named
 * {@code <observation name>.<event name>} and tagged with the observation's
 * low-cardinality key values, kept by those key values so that a call finds its counter
 * without building a meter id and asking the registry. Forgets them all when the
 * registry removes any meter, so a removed counter is never counted on.
 */
public final class MessageCounters {

	private final MeterRegistry registry;

	private final Map<Key, Counter> counters = new ConcurrentHashMap<>();

	/**
	 * Create the counters of one interceptor.
	 * @param registry where the counters live
	 */
	public MessageCounters(MeterRegistry registry) {
		this.registry = registry;
		registry.config().onMeterRemoved((meter) -> this.counters.clear());
	}

	/**
	 * The counter of one direction of one call.
	 * @param context the call's observation context; its name and low-cardinality key
	 * values, as they are when the first message passes, choose the counter
	 * @param event the observation event the counter stands for
	 * @return a counter for the call, not thread-safe (gRPC serializes each direction)
	 */
	public MessageCounter forCall(Observation.Context context, Observation.Event event) {
		return new MessageCounter(this, context, event);
	}

	Counter counter(Observation.Context context, Observation.Event event) {
		Key key = new Key(context.getName(), event.getName(), context.getLowCardinalityKeyValues());
		Counter counter = this.counters.get(key);
		if (counter == null) {
			counter = register(key);
			this.counters.putIfAbsent(key, counter);
		}
		return counter;
	}

	private Counter register(Key key) {
		List<Tag> tags = new ArrayList<>();
		for (KeyValue keyValue : key.keyValues()) {
			tags.add(Tag.of(keyValue.getKey(), keyValue.getValue()));
		}
		return Counter.builder(key.observation() + "." + key.event()).tags(tags).register(this.registry);
	}

	private record Key(String observation, String event, KeyValues keyValues) {
	}

}
