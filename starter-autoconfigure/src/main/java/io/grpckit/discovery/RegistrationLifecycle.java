package io.grpckit.discovery;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.grpckit.server.GrpcServerStartedEvent;
import io.grpckit.server.GrpcServerStoppingEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.SmartApplicationListener;

/**
 * Ties the {@link ServiceRegistration registrations} to the gRPC server: registers the
 * instance with the bound port once the server has started and reports SERVING, and
 * deregisters it synchronously during graceful shutdown, after NOT_SERVING and before the
 * quiet period and the drain.
 */
public class RegistrationLifecycle implements SmartApplicationListener, DisposableBean {

	private static final Log logger = LogFactory.getLog(RegistrationLifecycle.class);

	private final List<ServiceRegistration> registrations;

	private final ServiceInstance template;

	private final Duration deregisterTimeout;

	/**
	 * Create a lifecycle.
	 * @param registrations the registrations, one per backend
	 * @param template the instance to register; its port is replaced by the bound port
	 * @param deregisterTimeout the longest time shutdown waits for each deregistration
	 */
	public RegistrationLifecycle(List<ServiceRegistration> registrations, ServiceInstance template,
			Duration deregisterTimeout) {
		this.registrations = List.copyOf(registrations);
		this.template = template;
		this.deregisterTimeout = deregisterTimeout;
	}

	/**
	 * Deregister before other listeners of {@link GrpcServerStoppingEvent} run.
	 */
	@Override
	public int getOrder() {
		return 0;
	}

	@Override
	public boolean supportsEventType(Class<? extends ApplicationEvent> eventType) {
		return GrpcServerStartedEvent.class.isAssignableFrom(eventType)
				|| GrpcServerStoppingEvent.class.isAssignableFrom(eventType);
	}

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		if (event instanceof GrpcServerStartedEvent started) {
			onStarted(started);
		}
		else if (event instanceof GrpcServerStoppingEvent) {
			deregisterAll();
		}
	}

	private void onStarted(GrpcServerStartedEvent event) {
		if (event.getPort() <= 0) {
			logger.info("gRPC server runs in-process only: nothing to register");
			return;
		}
		Map<String, String> metadata = new LinkedHashMap<>(this.template.metadata());
		metadata.putIfAbsent(ServiceInstance.GRPC_SERVICES, String.join(",", event.getServiceNames()));
		ServiceInstance instance = new ServiceInstance(this.template.serviceName(), this.template.instanceId(),
				this.template.host(), event.getPort(), metadata);
		this.registrations.forEach((registration) -> registration.register(instance));
	}

	private void deregisterAll() {
		// sequential and bounded: each backend gets the timeout, shutdown goes on regardless
		for (ServiceRegistration registration : this.registrations) {
			if (registration.getInstance() != null && !registration.deregister(this.deregisterTimeout)) {
				logger.warn("Instance not deregistered from " + registration.getBackend() + " within "
						+ this.deregisterTimeout + ": clients drop it when its registration expires");
			}
		}
	}

	/**
	 * Return the instance registered, with port 0 for the bound port.
	 * @return the template
	 */
	public ServiceInstance getTemplate() {
		return this.template;
	}

	/**
	 * Return the registrations.
	 * @return the registrations
	 */
	public List<ServiceRegistration> getRegistrations() {
		return this.registrations;
	}

	@Override
	public void destroy() {
		this.registrations.forEach(ServiceRegistration::close);
	}

}
