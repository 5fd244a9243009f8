package io.grpckit.server.health;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.support.StaticApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class GrpcHealthUpdaterTests {

	@Test
	void aChangeOfAvailabilityIsReadAtOnceNotAtTheNextTick() throws Exception {
		// Boot turns ready just after the ready event: with an hour between reads, only the change
		// itself can make the statuses follow
		AtomicReference<String> status = new AtomicReference<>("OUT_OF_SERVICE");
		GrpcHealth health = new GrpcHealth();
		GrpcHealthUpdater updater = new GrpcHealthUpdater(health, (path) -> status.get(),
				Set.of("DOWN", "OUT_OF_SERVICE"), Map.of(), Duration.ofHours(1), () -> List.of("greeter"));
		try (StaticApplicationContext context = new StaticApplicationContext()) {
			context.refresh();
			updater.onApplicationEvent(new ApplicationReadyEvent(new SpringApplication(), new String[0], context,
					Duration.ZERO));
			await().atMost(Duration.ofSeconds(10))
				.until(() -> health.getStatuses().get("greeter") == ServingStatus.NOT_SERVING);
			status.set("UP");
			updater.onApplicationEvent(new AvailabilityChangeEvent<>(context, ReadinessState.ACCEPTING_TRAFFIC));
			await().atMost(Duration.ofSeconds(10))
				.until(() -> health.getStatuses().get("greeter") == ServingStatus.SERVING
						&& health.getStatuses().get(GrpcHealth.SERVER) == ServingStatus.SERVING);
		}
		finally {
			updater.destroy();
		}
	}

}
