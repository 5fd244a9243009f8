package io.grpckit.internal.observation;

import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link MessageCounters} keeps counters by observation name, event and key values, and
 * never counts on a counter the registry has removed.
 */
class MessageCountersTests {

	private static final Observation.Event SENT = Observation.Event.of("sent");

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final MessageCounters counters = new MessageCounters(this.registry);

	@Test
	void callsWithTheSameKeyValuesShareACounter() {
		count(context("Unary"), 2);
		count(context("Unary"), 3);
		count(context("Stream"), 4);
		assertThat(this.registry.get("grpc.server.sent").tag("rpc.method", "Unary").counter().count()).isEqualTo(5);
		assertThat(this.registry.get("grpc.server.sent").tag("rpc.method", "Stream").counter().count()).isEqualTo(4);
	}

	@Test
	void aClearedRegistryGetsNewCounters() {
		count(context("Unary"), 2);
		this.registry.clear();
		count(context("Unary"), 3);
		assertThat(this.registry.get("grpc.server.sent").tag("rpc.method", "Unary").counter().count()).isEqualTo(3);
	}

	private void count(Observation.Context context, int messages) {
		MessageCounter counter = this.counters.forCall(context, SENT);
		for (int i = 0; i < messages; i++) {
			counter.increment();
		}
	}

	private static Observation.Context context(String method) {
		Observation.Context context = new Observation.Context();
		context.setName("grpc.server");
		context.addLowCardinalityKeyValue(KeyValue.of("rpc.method", method));
		return context;
	}

}
