package io.grpckit.server.health;

import java.util.List;

import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link GrpcHealth#hold()}: every status NOT_SERVING while held, whatever is set
 * meanwhile; the statuses last set come back on release; terminal wins over both.
 */
class GrpcHealthHoldTests {

	@Test
	void heldStatusesAreNotServingAndComeBackOnRelease() {
		GrpcHealth health = new GrpcHealth();
		health.hold();
		health.markServing(List.of("svc"));
		assertThat(health.getStatuses()).containsEntry(GrpcHealth.SERVER, ServingStatus.NOT_SERVING)
			.containsEntry("svc", ServingStatus.NOT_SERVING);

		health.release();
		assertThat(health.getStatuses()).containsEntry(GrpcHealth.SERVER, ServingStatus.SERVING)
			.containsEntry("svc", ServingStatus.SERVING);

		health.hold();
		health.setStatus("svc", ServingStatus.SERVING);
		assertThat(health.getStatuses()).containsEntry("svc", ServingStatus.NOT_SERVING);
		health.enterTerminalState();
		health.release();
		assertThat(health.getStatuses()).containsEntry(GrpcHealth.SERVER, ServingStatus.NOT_SERVING)
			.containsEntry("svc", ServingStatus.NOT_SERVING);
	}

}
