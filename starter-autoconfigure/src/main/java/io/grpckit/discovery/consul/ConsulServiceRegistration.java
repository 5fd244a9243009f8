package io.grpckit.discovery.consul;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.grpckit.discovery.ServiceInstance;
import io.grpckit.discovery.consul.internal.ConsulClient;
import io.grpckit.discovery.internal.Backoff;
import io.grpckit.discovery.internal.SelfHealingRegistration;

/**
 * Registers the instance with the local Consul agent, with a native gRPC health check on the
 * instance, {@code DeregisterCriticalServiceAfter}, tags, and the instance metadata plus
 * {@code gRPC_port} as meta. Every heal interval it checks that the agent still knows the
 * instance (an agent restart without persistence forgets it) and registers it again.
 */
public class ConsulServiceRegistration extends SelfHealingRegistration {

	private final ConsulClient client;

	private final Settings settings;

	/**
	 * How the instance is registered.
	 *
	 * @param tags the service tags
	 * @param checkInterval how often Consul calls the instance's gRPC health service
	 * @param checkTimeout how long one health call may take
	 * @param deregisterCriticalServiceAfter after how long Consul removes an instance whose
	 * check stays critical
	 * @param healInterval how often the registration is verified
	 * @param checkUseTls whether Consul's gRPC check connects with TLS (servers with TLS on)
	 */
	public record Settings(List<String> tags, Duration checkInterval, Duration checkTimeout,
			Duration deregisterCriticalServiceAfter, Duration healInterval, boolean checkUseTls) {
	}

	/**
	 * Create a registration.
	 * @param client the Consul client
	 * @param settings how to register
	 * @param backoff the backoff between failed attempts
	 */
	public ConsulServiceRegistration(ConsulClient client, Settings settings, Backoff backoff) {
		super(backoff);
		this.client = client;
		this.settings = settings;
	}

	@Override
	public String getBackend() {
		return "consul";
	}

	@Override
	protected Duration checkInterval() {
		return this.settings.healInterval();
	}

	@Override
	protected boolean isPermanent(Throwable failure) {
		// 400 (malformed), 401/403 (ACL): retrying alone will not help
		return failure instanceof ConsulClient.ConsulException consul && consul.getStatus() >= 400
				&& consul.getStatus() < 500;
	}

	@Override
	protected void doRegister(ServiceInstance instance) throws Exception {
		this.client.register(body(instance));
	}

	@Override
	protected boolean doCheck(ServiceInstance instance) throws Exception {
		return this.client.isRegistered(instance.instanceId());
	}

	@Override
	protected void doDeregister(ServiceInstance instance) throws Exception {
		this.client.deregister(instance.instanceId());
	}

	/**
	 * Return the body of the agent's register request for an instance.
	 * @param instance the instance
	 * @return the JSON body as a map
	 */
	public Map<String, Object> body(ServiceInstance instance) {
		Map<String, String> meta = new LinkedHashMap<>();
		// Consul meta keys allow only letters, digits, '-' and '_'
		instance.metadata().forEach((key, value) -> meta.put(key.replaceAll("[^A-Za-z0-9_-]", "_"), value));
		meta.put("gRPC_port", Integer.toString(instance.port()));
		Map<String, Object> check = new LinkedHashMap<>();
		check.put("Name", "gRPC health of " + instance.instanceId());
		check.put("GRPC", hostPort(instance));
		check.put("GRPCUseTLS", this.settings.checkUseTls());
		check.put("Interval", seconds(this.settings.checkInterval()));
		check.put("Timeout", seconds(this.settings.checkTimeout()));
		check.put("DeregisterCriticalServiceAfter", seconds(this.settings.deregisterCriticalServiceAfter()));
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("ID", instance.instanceId());
		body.put("Name", instance.serviceName());
		body.put("Tags", this.settings.tags());
		body.put("Address", instance.host());
		body.put("Port", instance.port());
		body.put("Meta", meta);
		body.put("Check", check);
		return body;
	}

	private static String hostPort(ServiceInstance instance) {
		return (instance.host().indexOf(':') >= 0) ? "[" + instance.host() + "]:" + instance.port()
				: instance.host() + ":" + instance.port();
	}

	private static String seconds(Duration duration) {
		return duration.toMillis() + "ms";
	}

}
