package io.grpckit.actuate.health;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.grpckit.discovery.RegistrationState;
import io.grpckit.discovery.RegistrationStatus;
import io.grpckit.discovery.ServiceRegistration;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Reports the registration of this instance in each backend. A registration that is retrying
 * or failed is {@code DEGRADED}, a status Boot's aggregation ignores: the application keeps
 * serving the clients that already know it, so this must never fail liveness or readiness.
 */
public class RegistrationHealthIndicator implements HealthIndicator {

	/** Status of a registration that is lost or failing. */
	public static final Status DEGRADED = new Status("DEGRADED", "Registration is retrying or failed");

	private final List<ServiceRegistration> registrations;

	/**
	 * Create an indicator.
	 * @param registrations the registrations to report
	 */
	public RegistrationHealthIndicator(List<ServiceRegistration> registrations) {
		this.registrations = registrations;
	}

	@Override
	public Health health() {
		boolean degraded = false;
		Map<String, Object> details = new LinkedHashMap<>();
		for (ServiceRegistration registration : this.registrations) {
			RegistrationStatus status = registration.getStatus();
			Map<String, Object> detail = new LinkedHashMap<>();
			detail.put("state", status.state().name().toLowerCase());
			if (status.reason() != null) {
				detail.put("reason", status.reason());
			}
			detail.put("since", status.since().toString());
			if (registration.getInstance() != null) {
				detail.put("instanceId", registration.getInstance().instanceId());
			}
			details.put(registration.getBackend(), detail);
			degraded |= status.state() == RegistrationState.RETRYING || status.state() == RegistrationState.FAILED;
		}
		return Health.status(degraded ? DEGRADED : Status.UP).withDetails(details).build();
	}

}
