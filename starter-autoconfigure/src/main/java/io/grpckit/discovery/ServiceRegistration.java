package io.grpckit.discovery;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Registers this instance in a discovery backend (etcd, Consul) and keeps it registered.
 * Implementations heal themselves: a registration that is lost is made again with backoff
 * for as long as the application runs.
 * <p>
 * {@link RegistrationLifecycle} calls {@link #register} when the gRPC server has started and
 * {@link #deregister} during its graceful shutdown.
 */
public interface ServiceRegistration extends AutoCloseable {

	/**
	 * Return the name of the backend, for health, metrics and the endpoint.
	 * @return the backend name, e.g. {@code etcd}
	 */
	String getBackend();

	/**
	 * Start registering the instance. Returns at once; the registration happens in the
	 * background and is retried until it succeeds.
	 * @param instance the instance, with its bound port
	 */
	void register(ServiceInstance instance);

	/**
	 * Remove the instance and stop keeping it registered, waiting at most the given time.
	 * @param timeout the longest time to wait
	 * @return whether the instance was removed in time
	 */
	boolean deregister(Duration timeout);

	/**
	 * Take the instance out of rotation without stopping the server.
	 */
	void pause();

	/**
	 * Put a paused instance back into rotation.
	 */
	void resume();

	/**
	 * Return the current state.
	 * @return the status
	 */
	RegistrationStatus getStatus();

	/**
	 * Return the registered instance.
	 * @return the instance, or {@code null} before the server started
	 */
	@Nullable ServiceInstance getInstance();

	/**
	 * Stop keeping the instance registered and release resources, without deregistering.
	 */
	@Override
	void close();

}
