package io.grpckit.internal.observation;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

import io.grpc.Status;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

/**
 * The meters of one gRPC method (on the client: of one method and authority), as
 * Micrometer's {@code DefaultMeterObservationHandler} makes them of the method's
 * {@code grpc.server} or {@code grpc.client} observations, found once and kept: the timer
 * per status (tags: the convention's low-cardinality key values and {@code error}), the
 * {@code .active} long task timer, and the {@code .sent}, {@code .received} and
 * {@code .cancelled} counters (tagged with the key values as they are when the call
 * starts, status {@code UNKNOWN}, as the handler tags an event). A call then costs no
 * observation, context, key values or registry lookup; the kit's observation interceptors
 * use this when the meter handler is the only one that would see the observation.
 * <p>
 * Meters are registered when first used, as the handler does, so that the same meters
 * exist. Thread-safe.
 */
public final class CallMeters {

	private static final Status.Code[] CODES = Status.Code.values();

	private static final String NO_ERROR = "none";

	private final MeterRegistry registry;

	private final Clock clock;

	private final String name;

	private final Function<Status.@Nullable Code, KeyValues> keyValues;

	private final List<Tag> startTags;

	private final @Nullable LongTaskTimer active;

	private final AtomicReferenceArray<@Nullable Timer> timers = new AtomicReferenceArray<>(CODES.length + 1);

	private volatile @Nullable Counter sent;

	private volatile @Nullable Counter received;

	private volatile @Nullable Counter cancelled;

	/**
	 * Meters of one method.
	 * @param registry where the meters live
	 * @param name the observation's name, {@code grpc.server} or {@code grpc.client}
	 * @param keyValues the observation convention's low-cardinality key values of this
	 * method's context with the given status code ({@code null}: not yet known)
	 * @param longTaskTimer whether to keep the {@code .active} long task timer, as the
	 * meter handler does unless told to ignore it
	 */
	public CallMeters(MeterRegistry registry, String name, Function<Status.@Nullable Code, KeyValues> keyValues,
			boolean longTaskTimer) {
		this.registry = registry;
		this.clock = registry.config().clock();
		this.name = name;
		this.keyValues = keyValues;
		this.startTags = tags(keyValues.apply(null));
		this.active = longTaskTimer ? registry.more().longTaskTimer(name + ".active", this.startTags) : null;
	}

	/**
	 * Start timing a call.
	 * @return the start time to give {@link #stop}
	 */
	public long start() {
		return this.clock.monotonicTime();
	}

	/**
	 * Count a call as active until the returned sample is stopped.
	 * @return the sample, or {@code null} when the long task timer is ignored
	 */
	public LongTaskTimer.@Nullable Sample startActive() {
		return (this.active != null) ? this.active.start() : null;
	}

	/**
	 * Record a finished call, then stop its active sample.
	 * @param startTime what {@link #start} returned
	 * @param active what {@link #startActive} returned
	 * @param code the call's status code, or {@code null} when it ended without one
	 * @param error what the call failed with, or {@code null}
	 */
	public void stop(long startTime, LongTaskTimer.@Nullable Sample active, Status.@Nullable Code code,
			@Nullable Throwable error) {
		long duration = this.clock.monotonicTime() - startTime;
		timer(code, error).record(duration, TimeUnit.NANOSECONDS);
		if (active != null) {
			active.stop();
		}
	}

	/** Count one message sent. */
	public void sent() {
		Counter counter = this.sent;
		if (counter == null) {
			counter = counter("sent");
			this.sent = counter;
		}
		counter.increment();
	}

	/** Count one message received. */
	public void received() {
		Counter counter = this.received;
		if (counter == null) {
			counter = counter("received");
			this.received = counter;
		}
		counter.increment();
	}

	/** Count one cancelled call. */
	public void cancelled() {
		Counter counter = this.cancelled;
		if (counter == null) {
			counter = counter("cancelled");
			this.cancelled = counter;
		}
		counter.increment();
	}

	private Counter counter(String event) {
		return this.registry.counter(this.name + "." + event, this.startTags);
	}

	private Timer timer(Status.@Nullable Code code, @Nullable Throwable error) {
		if (error != null) {
			// failures with an exception are rare; their tag varies with its class
			return register(code, error.getClass().getSimpleName());
		}
		// the last slot: calls that ended without a status (cancelled before it was sent)
		int index = (code != null) ? code.ordinal() : CODES.length;
		Timer timer = this.timers.get(index);
		if (timer == null) {
			timer = register(code, NO_ERROR);
			this.timers.set(index, timer);
		}
		return timer;
	}

	private Timer register(Status.@Nullable Code code, String error) {
		List<Tag> tags = tags(this.keyValues.apply(code));
		tags.add(Tag.of("error", error));
		return this.registry.timer(this.name, tags);
	}

	private static List<Tag> tags(KeyValues keyValues) {
		List<Tag> tags = new ArrayList<>();
		for (KeyValue keyValue : keyValues) {
			tags.add(Tag.of(keyValue.getKey(), keyValue.getValue()));
		}
		return tags;
	}

	@Override
	public String toString() {
		return this.name + " " + Tags.of(this.startTags);
	}

}
