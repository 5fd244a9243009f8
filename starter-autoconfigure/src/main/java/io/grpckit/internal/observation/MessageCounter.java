package io.grpckit.internal.observation;

import io.micrometer.core.instrument.Counter;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * Counts the messages of one direction of one call, looking its counter up on the first
 * message only: an observation event per message costs a registry lookup per message,
 * more than grpc-java spends sending a small one.
 * <p>
 * Not thread-safe: gRPC serializes each direction of a call.
 */
public final class MessageCounter {

	private final MessageCounters counters;

	private final Observation.Context context;

	private final Observation.Event event;

	private @Nullable Counter counter;

	MessageCounter(MessageCounters counters, Observation.Context context, Observation.Event event) {
		this.counters = counters;
		this.context = context;
		this.event = event;
	}

	/** Count one message. */
	public void increment() {
		if (this.counter == null) {
			this.counter = this.counters.counter(this.context, this.event);
		}
		this.counter.increment();
	}

}
