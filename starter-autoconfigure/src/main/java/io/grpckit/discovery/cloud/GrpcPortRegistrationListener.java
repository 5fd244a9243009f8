package io.grpckit.discovery.cloud;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.grpckit.server.GrpcServerLifecycle;
import io.grpckit.server.GrpcServerStartedEvent;
import io.grpckit.server.GrpcServerState;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.cloud.client.discovery.event.InstancePreRegisteredEvent;
import org.springframework.cloud.client.serviceregistry.Registration;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.SmartApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.log.LogMessage;

/**
 * Adds the bound gRPC port to the metadata of the application's Spring Cloud
 * {@link Registration} as {@code gRPC_port}, where grpc-spring and grpckit clients look for
 * it.
 * <p>
 * Ordering: Spring Cloud's automatic registration ({@code AbstractAutoServiceRegistration},
 * used by Consul, Zookeeper, Nacos and others) registers when the web server has started,
 * which is before the gRPC server's lifecycle phase, so a port of 0 would not be known yet.
 * On {@link InstancePreRegisteredEvent}, published just before that registration, this
 * listener therefore starts the gRPC server if it has not started (its lifecycle then sees it
 * running and does not start it again), and writes the bound port into the registration
 * about to be made. On {@link GrpcServerStartedEvent} it writes the port into every
 * {@link Registration} bean as well, for registrations made later or read again later. An
 * in-process-only server adds nothing; a {@code gRPC_port} the application set itself is
 * kept.
 */
public final class GrpcPortRegistrationListener implements SmartApplicationListener {

	private static final Log logger = LogFactory.getLog(GrpcPortRegistrationListener.class);

	private final Supplier<List<Registration>> registrations;

	private final Supplier<@Nullable GrpcServerLifecycle> server;

	/**
	 * Create a listener.
	 * @param registrations supplies the application's registrations
	 * @param server supplies the gRPC server lifecycle, or {@code null} without a server
	 */
	public GrpcPortRegistrationListener(Supplier<List<Registration>> registrations,
			Supplier<@Nullable GrpcServerLifecycle> server) {
		this.registrations = registrations;
		this.server = server;
	}

	@Override
	public int getOrder() {
		// before anything else that reads the registration on the same event
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public boolean supportsEventType(Class<? extends ApplicationEvent> eventType) {
		return InstancePreRegisteredEvent.class.isAssignableFrom(eventType)
				|| GrpcServerStartedEvent.class.isAssignableFrom(eventType);
	}

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		if (event instanceof InstancePreRegisteredEvent preRegistered) {
			int port = startedPort();
			if (port > 0) {
				addPort(preRegistered.getRegistration(), port);
			}
		}
		else if (event instanceof GrpcServerStartedEvent started && started.getPort() > 0) {
			this.registrations.get().forEach((registration) -> addPort(registration, started.getPort()));
		}
	}

	private int startedPort() {
		GrpcServerLifecycle lifecycle = this.server.get();
		if (lifecycle == null) {
			return -1;
		}
		if (lifecycle.getState() == GrpcServerState.STARTING) {
			logger.debug("Spring Cloud registers before the gRPC server's phase: starting the gRPC server now");
			lifecycle.start();
		}
		return lifecycle.getPort();
	}

	private void addPort(Registration registration, int port) {
		String value = Integer.toString(port);
		Map<String, String> metadata = registration.getMetadata();
		String previous;
		try {
			if (metadata == null) {
				throw new UnsupportedOperationException("no metadata");
			}
			previous = metadata.putIfAbsent(CloudInstances.GRPC_PORT, value);
		}
		catch (UnsupportedOperationException ex) {
			logger.warn("Cannot add gRPC_port " + value + " to the metadata of Spring Cloud registration "
					+ registration.getInstanceId() + " (" + registration.getClass().getName()
					+ " does not allow it); set it in the registry's metadata properties");
			return;
		}
		if (previous != null && !previous.equals(value)) {
			logger.debug(LogMessage.format("Keeping gRPC_port %s the application set in registration %s "
					+ "(the gRPC server is bound to %s)", previous, registration.getInstanceId(), value));
		}
	}

}
