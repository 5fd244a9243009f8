package io.grpckit.discovery.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.grpckit.discovery.RegistrationState;
import io.grpckit.discovery.RegistrationStatus;
import io.grpckit.discovery.ServiceInstance;
import io.grpckit.discovery.ServiceRegistration;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.log.LogMessage;

/**
 * Base of registrations that heal themselves. One thread per registration runs a loop:
 * register; then check every {@link #checkInterval()} that the registration still exists,
 * and register again, with jittered backoff, whenever a check or a registration fails.
 * Pause, resume and deregistration go through the same thread, so they never race with
 * the loop.
 */
public abstract class SelfHealingRegistration implements ServiceRegistration {

	private final Log logger = LogFactory.getLog(getClass());

	private final ScheduledExecutorService executor;

	private final Backoff backoff;

	private volatile RegistrationStatus status = new RegistrationStatus(RegistrationState.NOT_REGISTERED, null,
			Instant.now());

	private volatile @Nullable ServiceInstance instance;

	// the fields below are only touched on the executor thread
	private boolean registered;

	private boolean paused;

	private boolean stopped;

	private int failures;

	private @Nullable Future<?> next;

	/**
	 * Create a registration.
	 * @param backoff the backoff between failed attempts
	 */
	protected SelfHealingRegistration(Backoff backoff) {
		this.backoff = backoff;
		this.executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "grpckit-" + getBackend() + "-registration");
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * Register the instance; blocking. Must never reuse anything of a previous registration
	 * that may have expired.
	 * @param instance the instance
	 * @throws Exception if the backend refused or could not be reached
	 */
	protected abstract void doRegister(ServiceInstance instance) throws Exception;

	/**
	 * Check that the registration still exists and keep it alive; blocking.
	 * @param instance the instance
	 * @return {@code false} if it is gone and must be made again
	 * @throws Exception if the backend could not be reached
	 */
	protected abstract boolean doCheck(ServiceInstance instance) throws Exception;

	/**
	 * Remove the registration; blocking.
	 * @param instance the instance
	 * @throws Exception if the backend could not be reached
	 */
	protected abstract void doDeregister(ServiceInstance instance) throws Exception;

	/**
	 * Return the time between two checks.
	 * @return the check interval
	 */
	protected abstract Duration checkInterval();

	/**
	 * Return whether a failure needs attention rather than patience, e.g. an ACL refusal.
	 * Such failures are still retried, but reported as {@link RegistrationState#FAILED}.
	 * @param failure the failure
	 * @return whether to report the failure as FAILED
	 */
	protected boolean isPermanent(Throwable failure) {
		return false;
	}

	@Override
	public void register(ServiceInstance instance) {
		this.instance = instance;
		execute(() -> {
			this.stopped = false;
			this.registered = false;
			this.failures = 0;
			schedule(Duration.ZERO);
		});
	}

	@Override
	public boolean deregister(Duration timeout) {
		if (this.executor.isShutdown()) {
			return false;
		}
		Future<?> done = this.executor.submit(() -> {
			this.stopped = true;
			cancelNext();
			removeIfRegistered(RegistrationState.DEREGISTERED);
		});
		return await(done, timeout, "deregister");
	}

	@Override
	public void pause() {
		execute(() -> {
			this.paused = true;
			cancelNext();
			removeIfRegistered(RegistrationState.PAUSED);
			if (this.status.state() != RegistrationState.PAUSED) {
				// removal failed: the registration is left to expire (etcd) or to be deleted
				// by hand; stay paused anyway
				setStatus(RegistrationState.PAUSED, this.status.reason());
			}
		});
	}

	@Override
	public void resume() {
		execute(() -> {
			if (!this.paused) {
				return;
			}
			this.paused = false;
			this.failures = 0;
			setStatus(RegistrationState.RETRYING, "resumed");
			schedule(Duration.ZERO);
		});
	}

	@Override
	public RegistrationStatus getStatus() {
		return this.status;
	}

	@Override
	public @Nullable ServiceInstance getInstance() {
		return this.instance;
	}

	@Override
	public void close() {
		this.executor.shutdownNow();
	}

	private void execute(Runnable task) {
		if (!this.executor.isShutdown()) {
			this.executor.execute(task);
		}
	}

	private void schedule(Duration delay) {
		cancelNext();
		this.next = this.executor.schedule(this::step, delay.toMillis(), TimeUnit.MILLISECONDS);
	}

	private void cancelNext() {
		if (this.next != null) {
			this.next.cancel(false);
			this.next = null;
		}
	}

	private void step() {
		ServiceInstance current = this.instance;
		if (this.stopped || this.paused || current == null) {
			return;
		}
		try {
			if (this.registered && doCheck(current)) {
				schedule(checkInterval());
				return;
			}
			if (this.registered) {
				this.registered = false;
				setStatus(RegistrationState.RETRYING, "registration lost");
				this.logger.warn("Registration of " + current.instanceId() + " in " + getBackend()
						+ " was lost; registering again");
			}
			doRegister(current);
			this.registered = true;
			this.failures = 0;
			setStatus(RegistrationState.REGISTERED, null);
			this.logger.info("Registered " + current.instanceId() + " (" + current.host() + ":" + current.port()
					+ ") in " + getBackend());
			schedule(checkInterval());
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
				return;
			}
			this.registered = false;
			Duration delay = this.backoff.delay(this.failures++);
			String reason = describe(ex);
			if (this.status.state() != RegistrationState.RETRYING && this.status.state() != RegistrationState.FAILED) {
				this.logger.warn("Registration of " + current.instanceId() + " in " + getBackend() + " failed ("
						+ reason + "); retrying with backoff");
			}
			this.logger.debug(LogMessage.format("Registration attempt %d failed, next in %s", this.failures, delay));
			setStatus(isPermanent(ex) ? RegistrationState.FAILED : RegistrationState.RETRYING, reason);
			schedule(delay);
		}
	}

	private void removeIfRegistered(RegistrationState after) {
		ServiceInstance current = this.instance;
		if (current == null) {
			return;
		}
		try {
			doDeregister(current);
			this.registered = false;
			setStatus(after, null);
			this.logger.info("Deregistered " + current.instanceId() + " from " + getBackend());
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			this.registered = false;
			setStatus(RegistrationState.FAILED, "deregistration failed: " + describe(ex));
			this.logger.warn("Deregistration of " + current.instanceId() + " from " + getBackend() + " failed: "
					+ describe(ex));
		}
	}

	private boolean await(Future<?> future, Duration timeout, String what) {
		try {
			future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			return this.status.state() == RegistrationState.DEREGISTERED;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		catch (ExecutionException | TimeoutException ex) {
			this.logger.warn("Could not " + what + " " + getBackend() + " registration within " + timeout);
			return false;
		}
	}

	private void setStatus(RegistrationState state, @Nullable String reason) {
		this.status = new RegistrationStatus(state, reason, Instant.now());
	}

	/**
	 * Describe a failure in one line, for health details.
	 * @param failure the failure
	 * @return the description
	 */
	protected static String describe(Throwable failure) {
		Throwable cause = (failure instanceof ExecutionException && failure.getCause() != null) ? failure.getCause()
				: failure;
		String message = cause.getMessage();
		return cause.getClass().getSimpleName() + ((message != null) ? ": " + message : "");
	}

}
