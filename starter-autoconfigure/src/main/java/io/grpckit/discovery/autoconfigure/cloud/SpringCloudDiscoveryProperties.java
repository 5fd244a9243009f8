package io.grpckit.discovery.autoconfigure.cloud;

import java.time.Duration;

import io.grpckit.internal.properties.PropertyChecks;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Settings of the bridge to Spring Cloud's DiscoveryClient and Registration.
 * Validated right after binding (this class is its own {@link Validator}): a value out of
 * range fails start-up naming the property.
 */
@ConfigurationProperties("grpckit.discovery.cloud")
public class SpringCloudDiscoveryProperties implements Validator {

	/**
	 * Whether to enable the Spring Cloud bridge when spring-cloud-commons is on the class
	 * path: spring-cloud:/// targets and gRPC_port in the Registration's metadata.
	 */
	private boolean enabled = true;

	/**
	 * How often each spring-cloud:/// resolver asks the DiscoveryClient again when no
	 * HeartbeatEvent signalled a change.
	 */
	private Duration refreshInterval = Duration.ofSeconds(30);

	/**
	 * Whether to add the bound gRPC port to the metadata of the application's Spring Cloud
	 * Registration as gRPC_port.
	 */
	private boolean registerPort = true;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getRefreshInterval() {
		return this.refreshInterval;
	}

	public void setRefreshInterval(Duration refreshInterval) {
		this.refreshInterval = refreshInterval;
	}

	public boolean isRegisterPort() {
		return this.registerPort;
	}

	public void setRegisterPort(boolean registerPort) {
		this.registerPort = registerPort;
	}

	@Override
	public boolean supports(Class<?> type) {
		return SpringCloudDiscoveryProperties.class == type;
	}

	@Override
	public void validate(Object target, Errors errors) {
		SpringCloudDiscoveryProperties properties = (SpringCloudDiscoveryProperties) target;
		PropertyChecks.positive(errors, "refresh-interval", properties.getRefreshInterval());
	}

}
