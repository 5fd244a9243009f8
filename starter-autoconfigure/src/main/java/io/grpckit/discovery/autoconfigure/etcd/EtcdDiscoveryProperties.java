package io.grpckit.discovery.autoconfigure.etcd;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import io.grpckit.internal.properties.PropertyChecks;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Settings of registration in and resolution through etcd.
 * Validated right after binding (this class is its own {@link Validator}): a value out of
 * range fails start-up naming the property.
 */
@ConfigurationProperties("grpckit.discovery.etcd")
public class EtcdDiscoveryProperties implements Validator {

	/**
	 * Whether to enable etcd discovery when endpoints are set.
	 */
	private boolean enabled = true;

	/**
	 * Client endpoints of etcd, e.g. http://127.0.0.1:2379. Setting them switches etcd
	 * discovery on.
	 */
	private List<String> endpoints = new ArrayList<>();

	/**
	 * User name for etcd authentication.
	 */
	private @Nullable String username;

	/**
	 * Password for etcd authentication.
	 */
	private @Nullable String password;

	/**
	 * PEM file of the certificate authorities to trust for TLS to etcd.
	 */
	private @Nullable String trustedCertificates;

	/**
	 * Key prefix under which instances are registered as prefix/service/instance-id.
	 */
	private String prefix = "/grpckit/services";

	/**
	 * TTL of the lease the registration is attached to; whole seconds.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration ttl = Duration.ofSeconds(10);

	/**
	 * Longest time one etcd request may take.
	 */
	private Duration timeout = Duration.ofSeconds(5);

	/**
	 * Whether to register this instance in etcd.
	 */
	private boolean register = true;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public List<String> getEndpoints() {
		return this.endpoints;
	}

	public void setEndpoints(List<String> endpoints) {
		this.endpoints = endpoints;
	}

	public @Nullable String getUsername() {
		return this.username;
	}

	public void setUsername(@Nullable String username) {
		this.username = username;
	}

	public @Nullable String getPassword() {
		return this.password;
	}

	public void setPassword(@Nullable String password) {
		this.password = password;
	}

	public @Nullable String getTrustedCertificates() {
		return this.trustedCertificates;
	}

	public void setTrustedCertificates(@Nullable String trustedCertificates) {
		this.trustedCertificates = trustedCertificates;
	}

	public String getPrefix() {
		return this.prefix;
	}

	public void setPrefix(String prefix) {
		this.prefix = prefix;
	}

	public Duration getTtl() {
		return this.ttl;
	}

	public void setTtl(Duration ttl) {
		this.ttl = ttl;
	}

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

	public boolean isRegister() {
		return this.register;
	}

	public void setRegister(boolean register) {
		this.register = register;
	}

	@Override
	public boolean supports(Class<?> type) {
		return EtcdDiscoveryProperties.class == type;
	}

	@Override
	public void validate(Object target, Errors errors) {
		EtcdDiscoveryProperties properties = (EtcdDiscoveryProperties) target;
		PropertyChecks.atLeast(errors, "ttl", properties.getTtl(), Duration.ofSeconds(1), "1s");
		PropertyChecks.positive(errors, "timeout", properties.getTimeout());
	}

}
