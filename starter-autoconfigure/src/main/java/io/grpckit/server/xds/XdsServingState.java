package io.grpckit.server.xds;

import io.grpc.xds.XdsServerBuilder;
import io.grpckit.server.GrpcServerStoppingEvent;
import io.grpckit.server.health.GrpcHealth;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.SmartApplicationListener;

/**
 * The serving status the xDS control plane gives the server, fed into the server's gRPC
 * health and Spring Boot's readiness: NOT_SERVING and REFUSING_TRAFFIC from creation until
 * the server's Listener arrives (grpc-xds calls {@link #onServing()} once it has bound the
 * port with that Listener's configuration), SERVING and ACCEPTING_TRAFFIC from then on, and
 * back whenever the control plane takes the Listener away or sends one that does not fit.
 * <p>
 * Readiness: Spring Boot declares the application ACCEPTING_TRAFFIC once it is ready,
 * whatever the control plane said; while the server does not serve, this state answers
 * that with REFUSING_TRAFFIC at once. For that answer to be the last one recorded, this
 * listener must run after Boot's {@code ApplicationAvailabilityBean}, which the
 * auto-configuration ensures by creating that bean first (equal listener orders keep
 * creation order). Once the server is stopping, readiness is left to the lifecycle.
 */
public class XdsServingState implements XdsServerBuilder.XdsServingStatusListener, SmartApplicationListener {

	private static final Log logger = LogFactory.getLog(XdsServingState.class);

	private final @Nullable GrpcHealth health;

	private final ApplicationEventPublisher publisher;

	private final Object monitor = new Object();

	// guarded by monitor
	private boolean serving;

	// guarded by monitor: the application declared itself ready and has not taken it back
	private boolean applicationAccepting;

	// guarded by monitor
	private boolean stopping;

	/**
	 * Create a state, NOT_SERVING: the health statuses are held at NOT_SERVING from now on
	 * until the control plane lets the server serve.
	 * @param health the server's health statuses, {@code null} without a health service
	 * @param publisher publishes readiness changes
	 */
	public XdsServingState(@Nullable GrpcHealth health, ApplicationEventPublisher publisher) {
		this.health = health;
		this.publisher = publisher;
		if (health != null) {
			health.hold();
		}
	}

	/**
	 * Return whether the control plane lets the server serve.
	 * @return whether the server serves
	 */
	public boolean isServing() {
		synchronized (this.monitor) {
			return this.serving;
		}
	}

	// readiness events are published under the monitor, so that a change from the control
	// plane and the application's own readiness cannot overtake each other; listeners run on
	// the publishing thread, and the monitor is reentrant

	@Override
	public void onServing() {
		synchronized (this.monitor) {
			if (this.serving) {
				return;
			}
			this.serving = true;
			if (this.health != null) {
				this.health.release();
			}
			logger.info("xDS server: Listener received from the control plane, SERVING");
			if (this.applicationAccepting && !this.stopping) {
				AvailabilityChangeEvent.publish(this.publisher, this, ReadinessState.ACCEPTING_TRAFFIC);
			}
		}
	}

	@Override
	public void onNotServing(Throwable cause) {
		synchronized (this.monitor) {
			if (this.health != null) {
				this.health.hold();
			}
			if (!this.serving) {
				logger.debug("xDS server still NOT_SERVING: " + cause.getMessage());
				return;
			}
			this.serving = false;
			logger.warn("xDS server NOT_SERVING, by the control plane: " + cause.getMessage());
			if (this.applicationAccepting && !this.stopping) {
				AvailabilityChangeEvent.publish(this.publisher, this, ReadinessState.REFUSING_TRAFFIC);
			}
		}
	}

	@Override
	public boolean supportsEventType(Class<? extends ApplicationEvent> eventType) {
		return AvailabilityChangeEvent.class.isAssignableFrom(eventType)
				|| GrpcServerStoppingEvent.class.isAssignableFrom(eventType);
	}

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		if (event instanceof GrpcServerStoppingEvent) {
			synchronized (this.monitor) {
				this.stopping = true;
			}
			return;
		}
		if (!(event instanceof AvailabilityChangeEvent<?> change) || event.getSource() == this
				|| !(change.getState() instanceof ReadinessState readiness)) {
			return;
		}
		synchronized (this.monitor) {
			this.applicationAccepting = (readiness == ReadinessState.ACCEPTING_TRAFFIC);
			if (this.applicationAccepting && !this.serving && !this.stopping) {
				logger.info("Application ready, but its xDS server has no Listener from the control plane yet: "
						+ "readiness stays REFUSING_TRAFFIC until it arrives");
				AvailabilityChangeEvent.publish(this.publisher, this, ReadinessState.REFUSING_TRAFFIC);
			}
		}
	}

}
