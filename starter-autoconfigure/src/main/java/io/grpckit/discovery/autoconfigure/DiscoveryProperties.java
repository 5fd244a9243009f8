package io.grpckit.discovery.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.grpckit.internal.properties.PropertyChecks;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Settings shared by every discovery backend: what this instance registers as, and how
 * failed registrations and lookups back off.
 * Validated right after binding (this class is its own {@link Validator}): a value out of
 * range fails start-up naming the property.
 */
@ConfigurationProperties("grpckit.discovery")
public class DiscoveryProperties implements Validator {

	/**
	 * Service name to register under. Defaults to spring.application.name.
	 */
	private @Nullable String serviceName;

	/**
	 * Id of this instance, stable for the life of the process. Defaults to the service name
	 * followed by a random suffix.
	 */
	private @Nullable String instanceId;

	/**
	 * Host or IP address clients connect to. Defaults to a non-loopback address of this
	 * machine; set 127.0.0.1 to register the loopback address.
	 */
	private @Nullable String host;

	/**
	 * Version of the application, registered as metadata 'version'.
	 */
	private @Nullable String version;

	/**
	 * Zone of this instance, registered as metadata 'zone'.
	 */
	private @Nullable String zone;

	/**
	 * Free-form metadata to register with the instance.
	 */
	private Map<String, String> metadata = new LinkedHashMap<>();

	/**
	 * Backend that resolves discovery:/// targets when several are configured: 'etcd',
	 * 'consul', 'spring-cloud' or 'kubernetes'. Without it, etcd or Consul when one is
	 * configured, else Spring Cloud's DiscoveryClient; 'kubernetes' only when set here.
	 */
	private @Nullable String backend;

	private final Registration registration = new Registration();

	private final Backoff backoff = new Backoff();

	public @Nullable String getServiceName() {
		return this.serviceName;
	}

	public void setServiceName(@Nullable String serviceName) {
		this.serviceName = serviceName;
	}

	public @Nullable String getInstanceId() {
		return this.instanceId;
	}

	public void setInstanceId(@Nullable String instanceId) {
		this.instanceId = instanceId;
	}

	public @Nullable String getHost() {
		return this.host;
	}

	public void setHost(@Nullable String host) {
		this.host = host;
	}

	public @Nullable String getVersion() {
		return this.version;
	}

	public void setVersion(@Nullable String version) {
		this.version = version;
	}

	public @Nullable String getZone() {
		return this.zone;
	}

	public void setZone(@Nullable String zone) {
		this.zone = zone;
	}

	public Map<String, String> getMetadata() {
		return this.metadata;
	}

	public void setMetadata(Map<String, String> metadata) {
		this.metadata = metadata;
	}

	public @Nullable String getBackend() {
		return this.backend;
	}

	public void setBackend(@Nullable String backend) {
		this.backend = backend;
	}

	public Registration getRegistration() {
		return this.registration;
	}

	public Backoff getBackoff() {
		return this.backoff;
	}


	@Override
	public boolean supports(Class<?> type) {
		return DiscoveryProperties.class == type;
	}

	@Override
	public void validate(Object target, Errors errors) {
		DiscoveryProperties properties = (DiscoveryProperties) target;
		PropertyChecks.notNegative(errors, "registration.deregister-timeout",
				properties.getRegistration().getDeregisterTimeout());
		Backoff backoff = properties.getBackoff();
		PropertyChecks.positive(errors, "backoff.initial", backoff.getInitial());
		if (backoff.getMax().compareTo(backoff.getInitial()) < 0) {
			PropertyChecks.reject(errors, "backoff.max",
					"must be at least backoff.initial (" + backoff.getInitial() + ")");
		}
	}

	/**
	 * Registration of this instance.
	 */
	public static class Registration {

		/**
		 * Whether to register the gRPC server of this application.
		 */
		private boolean enabled = true;

		/**
		 * Longest time graceful shutdown waits for the deregistration of each backend.
		 */
		private Duration deregisterTimeout = Duration.ofSeconds(2);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getDeregisterTimeout() {
			return this.deregisterTimeout;
		}

		public void setDeregisterTimeout(Duration deregisterTimeout) {
			this.deregisterTimeout = deregisterTimeout;
		}

	}

	/**
	 * Jittered exponential backoff of failed registrations and lookups.
	 */
	public static class Backoff {

		/**
		 * Delay after the first failure.
		 */
		private Duration initial = Duration.ofMillis(500);

		/**
		 * Longest delay between two attempts.
		 */
		private Duration max = Duration.ofSeconds(30);

		public Duration getInitial() {
			return this.initial;
		}

		public void setInitial(Duration initial) {
			this.initial = initial;
		}

		public Duration getMax() {
			return this.max;
		}

		public void setMax(Duration max) {
			this.max = max;
		}

		/**
		 * Return the backoff these settings describe.
		 * @return the backoff
		 */
		public io.grpckit.discovery.internal.Backoff toBackoff() {
			return new io.grpckit.discovery.internal.Backoff(this.initial, this.max);
		}

	}

}
