package io.grpckit.discovery.autoconfigure.consul;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.grpckit.internal.properties.PropertyChecks;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Settings of registration in and resolution through Consul.
 * Validated right after binding (this class is its own {@link Validator}): a value out of
 * range fails start-up naming the property.
 */
@ConfigurationProperties("grpckit.discovery.consul")
public class ConsulDiscoveryProperties implements Validator {

	/**
	 * Whether to enable Consul discovery when a URL is set.
	 */
	private boolean enabled = true;

	/**
	 * Base URL of the Consul agent's HTTP API, e.g. http://127.0.0.1:8500. Setting it
	 * switches Consul discovery on.
	 */
	private @Nullable URI url;

	/**
	 * ACL token sent as X-Consul-Token.
	 */
	private @Nullable String token;

	/**
	 * Tags to register the service with.
	 */
	private List<String> tags = new ArrayList<>();

	/**
	 * How often Consul calls the instance's gRPC health service.
	 */
	private Duration checkInterval = Duration.ofSeconds(10);

	/**
	 * How long one gRPC health check may take.
	 */
	private Duration checkTimeout = Duration.ofSeconds(5);

	/**
	 * After how long Consul removes an instance whose check stays critical (Consul's
	 * minimum is one minute).
	 */
	private Duration deregisterCriticalServiceAfter = Duration.ofMinutes(1);

	/**
	 * How often the registration is verified and made again if the agent lost it.
	 */
	private Duration healInterval = Duration.ofSeconds(30);

	/**
	 * Longest time a blocking health query waits for a change.
	 */
	private Duration wait = Duration.ofSeconds(30);

	/**
	 * Longest time one request may take, on top of a blocking query's wait.
	 */
	private Duration timeout = Duration.ofSeconds(5);

	/**
	 * Whether Consul's gRPC health check connects with TLS; set it when the server uses TLS.
	 */
	private boolean checkUseTls;

	/**
	 * Whether to register this instance in Consul.
	 */
	private boolean register = true;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable URI getUrl() {
		return this.url;
	}

	public void setUrl(@Nullable URI url) {
		this.url = url;
	}

	public @Nullable String getToken() {
		return this.token;
	}

	public void setToken(@Nullable String token) {
		this.token = token;
	}

	public List<String> getTags() {
		return this.tags;
	}

	public void setTags(List<String> tags) {
		this.tags = tags;
	}

	public Duration getCheckInterval() {
		return this.checkInterval;
	}

	public void setCheckInterval(Duration checkInterval) {
		this.checkInterval = checkInterval;
	}

	public Duration getCheckTimeout() {
		return this.checkTimeout;
	}

	public void setCheckTimeout(Duration checkTimeout) {
		this.checkTimeout = checkTimeout;
	}

	public Duration getDeregisterCriticalServiceAfter() {
		return this.deregisterCriticalServiceAfter;
	}

	public void setDeregisterCriticalServiceAfter(Duration deregisterCriticalServiceAfter) {
		this.deregisterCriticalServiceAfter = deregisterCriticalServiceAfter;
	}

	public Duration getHealInterval() {
		return this.healInterval;
	}

	public void setHealInterval(Duration healInterval) {
		this.healInterval = healInterval;
	}

	public Duration getWait() {
		return this.wait;
	}

	public void setWait(Duration wait) {
		this.wait = wait;
	}

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

	public boolean isCheckUseTls() {
		return this.checkUseTls;
	}

	public void setCheckUseTls(boolean checkUseTls) {
		this.checkUseTls = checkUseTls;
	}

	public boolean isRegister() {
		return this.register;
	}

	public void setRegister(boolean register) {
		this.register = register;
	}

	@Override
	public boolean supports(Class<?> type) {
		return ConsulDiscoveryProperties.class == type;
	}

	@Override
	public void validate(Object target, Errors errors) {
		ConsulDiscoveryProperties properties = (ConsulDiscoveryProperties) target;
		PropertyChecks.positive(errors, "check-interval", properties.getCheckInterval());
		PropertyChecks.positive(errors, "check-timeout", properties.getCheckTimeout());
		PropertyChecks.positive(errors, "deregister-critical-service-after",
				properties.getDeregisterCriticalServiceAfter());
		PropertyChecks.positive(errors, "heal-interval", properties.getHealInterval());
		PropertyChecks.positive(errors, "wait", properties.getWait());
		PropertyChecks.positive(errors, "timeout", properties.getTimeout());
	}

}
