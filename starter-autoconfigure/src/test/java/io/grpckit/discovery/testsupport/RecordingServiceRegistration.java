package io.grpckit.discovery.testsupport;

import java.time.Duration;
import java.time.Instant;

import io.grpckit.discovery.RegistrationState;
import io.grpckit.discovery.RegistrationStatus;
import io.grpckit.discovery.ServiceInstance;
import io.grpckit.discovery.ServiceRegistration;

/**
 * A {@link ServiceRegistration} of backend {@code recording} that records what it is asked
 * and whose state a test may set.
 */
public final class RecordingServiceRegistration implements ServiceRegistration {

	/** The instance last registered, {@code null} before. */
	public volatile ServiceInstance instance;

	/** The timeout of the last deregistration, {@code null} before. */
	public volatile Duration deregisteredWith;

	/** The state {@link #getStatus()} reports. */
	public volatile RegistrationState state = RegistrationState.NOT_REGISTERED;

	@Override
	public String getBackend() {
		return "recording";
	}

	@Override
	public void register(ServiceInstance instance) {
		this.instance = instance;
		this.state = RegistrationState.REGISTERED;
	}

	@Override
	public boolean deregister(Duration timeout) {
		this.deregisteredWith = timeout;
		this.state = RegistrationState.DEREGISTERED;
		return true;
	}

	@Override
	public void pause() {
		this.state = RegistrationState.PAUSED;
	}

	@Override
	public void resume() {
		this.state = RegistrationState.REGISTERED;
	}

	@Override
	public RegistrationStatus getStatus() {
		return new RegistrationStatus(this.state, null, Instant.now());
	}

	@Override
	public ServiceInstance getInstance() {
		return this.instance;
	}

	@Override
	public void close() {
	}

}
