package io.grpckit.actuate.endpoint;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.grpckit.discovery.RegistrationStatus;
import io.grpckit.discovery.ServiceRegistration;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * Shows the registration of this instance and takes it out of rotation or back in without
 * stopping the server: {@code POST /actuator/grpcregistration/pause} and
 * {@code POST /actuator/grpcregistration/resume}.
 */
@Endpoint(id = "grpcregistration")
public class RegistrationEndpoint {

	private final List<ServiceRegistration> registrations;

	/**
	 * Create an endpoint.
	 * @param registrations the registrations it shows and pauses
	 */
	public RegistrationEndpoint(List<ServiceRegistration> registrations) {
		this.registrations = registrations;
	}

	/**
	 * Return the state of each registration.
	 * @return states by backend
	 */
	@ReadOperation
	public Map<String, RegistrationStatus> registrations() {
		Map<String, RegistrationStatus> states = new LinkedHashMap<>();
		this.registrations.forEach((registration) -> states.put(registration.getBackend(), registration.getStatus()));
		return states;
	}

	/**
	 * Pause or resume every registration.
	 * @param action {@code pause} or {@code resume}
	 * @return the action taken
	 */
	@WriteOperation
	public Map<String, String> change(@Selector String action) {
		switch (action) {
			case "pause" -> this.registrations.forEach(ServiceRegistration::pause);
			case "resume" -> this.registrations.forEach(ServiceRegistration::resume);
			default -> throw new IllegalArgumentException("action: " + action + " (expected: pause or resume)");
		}
		return Map.of("action", action);
	}

}
