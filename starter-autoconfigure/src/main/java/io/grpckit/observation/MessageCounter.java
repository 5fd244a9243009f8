package io.grpckit.observation;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.observation.Observation;

/**
 * Counts the messages of one direction of one call into the counter Micrometer's
 * {@code DefaultMeterObservationHandler} would make of an observation event: named
 * {@code <observation name>.<event name>}, tagged with the observation's low-cardinality
 * key values. The counter is looked up once per call instead of once per message, which
 * is what a per-message {@link Observation#event event} costs.
 * <p>
 * Not thread-safe: gRPC serializes each direction of a call.
 */
public final class MessageCounter {

	private final MeterRegistry registry;

	private final Observation.Context context;

	private final Observation.Event event;

	private Counter counter;

	/**
	 * Create a counter for one direction of one call.
	 * @param registry where the counter lives
	 * @param context the call's observation context, whose name and low-cardinality key
	 * values (as they are when the first message passes) make the counter's name and tags
	 * @param event the observation event the counter stands for
	 */
	public MessageCounter(MeterRegistry registry, Observation.Context context, Observation.Event event) {
		this.registry = registry;
		this.context = context;
		this.event = event;
	}

	/** Count one message. */
	public void increment() {
		if (this.counter == null) {
			this.counter = lookUp();
		}
		this.counter.increment();
	}

	private Counter lookUp() {
		List<Tag> tags = new ArrayList<>();
		for (KeyValue keyValue : this.context.getLowCardinalityKeyValues()) {
			tags.add(Tag.of(keyValue.getKey(), keyValue.getValue()));
		}
		return Counter.builder(this.context.getName() + "." + this.event.getName()).tags(tags).register(this.registry);
	}

}
