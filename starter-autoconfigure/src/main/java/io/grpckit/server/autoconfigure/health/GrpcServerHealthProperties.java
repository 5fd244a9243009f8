package io.grpckit.server.autoconfigure.health;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.grpckit.internal.properties.PropertyChecks;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Properties of the gRPC health service and its link with Spring Boot's health.
 * Validated right after binding (this class is its own {@link Validator}): a value out of
 * range fails start-up naming the property.
 */
@ConfigurationProperties("grpckit.server.health")
public class GrpcServerHealthProperties implements Validator {

	/**
	 * Whether to serve grpc.health.v1.Health.
	 */
	private boolean enabled = true;

	/**
	 * Whether the grpcServer health contributor takes part in the readiness health group.
	 */
	private boolean readiness = true;

	/**
	 * Port of a separate plaintext server that serves only grpc.health.v1.Health, with the
	 * same statuses as the application's server, for probes that cannot speak its TLS or
	 * present a client certificate (Kubernetes gRPC probes); 0 picks a free one. Without it,
	 * health is served on the application's server only.
	 */
	private @Nullable Integer port;

	/**
	 * Network address to which the health probe server binds. Defaults to every address.
	 */
	private @Nullable InetAddress address;

	private final Actuator actuator = new Actuator();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public boolean isReadiness() {
		return this.readiness;
	}

	public void setReadiness(boolean readiness) {
		this.readiness = readiness;
	}

	public @Nullable Integer getPort() {
		return this.port;
	}

	public void setPort(@Nullable Integer port) {
		this.port = port;
	}

	public @Nullable InetAddress getAddress() {
		return this.address;
	}

	public void setAddress(@Nullable InetAddress address) {
		this.address = address;
	}

	public Actuator getActuator() {
		return this.actuator;
	}


	@Override
	public boolean supports(Class<?> type) {
		return GrpcServerHealthProperties.class == type;
	}

	@Override
	public void validate(Object target, Errors errors) {
		GrpcServerHealthProperties properties = (GrpcServerHealthProperties) target;
		PropertyChecks.positive(errors, "actuator.update-rate", properties.getActuator().getUpdateRate());
		Integer port = properties.getPort();
		if (port != null) {
			PropertyChecks.range(errors, "port", port, 0, 65535, " (0 binds a free port)");
		}
	}

	/**
	 * How Spring Boot's health feeds the gRPC health statuses.
	 */
	public static class Actuator {

		/**
		 * Whether Spring Boot's health feeds the gRPC health statuses.
		 */
		private boolean enabled = true;

		/**
		 * How often Spring Boot's health is read.
		 */
		private Duration updateRate = Duration.ofSeconds(5);

		/**
		 * Spring Boot health statuses that make a gRPC service NOT_SERVING.
		 */
		private List<String> notServingStatuses = new ArrayList<>(List.of("DOWN"));

		/**
		 * Health path (a contributor or group, e.g. 'db' or 'readiness') that decides the
		 * status of a gRPC service, by full service name. Services not listed, and "", follow
		 * the overall health.
		 */
		private Map<String, String> services = new LinkedHashMap<>();

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getUpdateRate() {
			return this.updateRate;
		}

		public void setUpdateRate(Duration updateRate) {
			this.updateRate = updateRate;
		}

		public List<String> getNotServingStatuses() {
			return this.notServingStatuses;
		}

		public void setNotServingStatuses(List<String> notServingStatuses) {
			this.notServingStatuses = notServingStatuses;
		}

		public Map<String, String> getServices() {
			return this.services;
		}

		public void setServices(Map<String, String> services) {
			this.services = services;
		}

	}

}
