package io.grpckit.client.autoconfigure;

import java.beans.PropertyDescriptor;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeanWrapper;
import org.springframework.beans.BeanWrapperImpl;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.convert.DurationUnit;

/**
 * Values of one client channel, {@code grpckit.client.channel.<name>.*}. Every value is
 * optional: unset values are inherited from the 'default' channel, then from grpc-java.
 * <p>
 * Inheritance ({@link #mergedOver(ChannelProperties)}) walks the JavaBean properties the
 * way Spring Boot binds them, so a property added here is inherited with no further code:
 * <ul>
 * <li>a property with a setter is one value, the channel's own when it is not
 * {@code null}, the default channel's otherwise. This includes lists: {@code interceptors}
 * and {@code method} (per-method settings) are taken as a whole from one or the other,
 * never merged entry by entry;</li>
 * <li>a property with a getter only is a nested group ({@code keepalive},
 * {@code auth.basic}, ...), inherited value by value.</li>
 * </ul>
 * Every value is therefore an object ({@code Boolean}, not {@code boolean}) without an
 * initial value, {@code null} until bound.
 */
public class ChannelProperties {

	/**
	 * Target to connect to: 'host:port', 'static://host1:port1,host2:port2', 'dns:///host:port',
	 * 'in-process:name', or 'scheme:...' for any scheme with a registered name resolver. To
	 * call the in-process server of the same application, use
	 * 'in-process:${grpckit.server.inprocess.name}'.
	 */
	private @Nullable String target;

	/**
	 * Authority (virtual host) of the calls, also the name the server certificate is
	 * verified against. The target's host when not set.
	 */
	private @Nullable String authority;

	/**
	 * User agent sent with every call, before grpc-java's own.
	 */
	private @Nullable String userAgent;

	/**
	 * Time without calls after which the channel goes idle and closes its connections.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private @Nullable Duration idleTimeout;

	/**
	 * Deadline of every call that has none set by the caller. A call made while serving a
	 * request keeps the earlier of this deadline and the inherited one.
	 */
	@DurationUnit(ChronoUnit.MILLIS)
	private @Nullable Duration defaultDeadline;

	/**
	 * Whether calls wait for the channel to become ready instead of failing fast while it is
	 * connecting or in transient failure.
	 */
	private @Nullable Boolean waitForReady;

	/**
	 * Whether to compress outgoing messages with gzip.
	 */
	private @Nullable Boolean gzip;

	/**
	 * Load-balancing policy across the addresses of the target.
	 */
	private @Nullable LoadBalancingPolicy loadBalancingPolicy;

	/**
	 * Names of ClientInterceptor beans applied to this channel only, inside the global
	 * ones, in the order given.
	 */
	private @Nullable List<String> interceptors;

	@NestedConfigurationProperty
	private final ChannelKeepaliveProperties keepalive = new ChannelKeepaliveProperties();

	@NestedConfigurationProperty
	private final ChannelInboundProperties inbound = new ChannelInboundProperties();

	/**
	 * Where the channel's transport security comes from: 'transport' for tls.* and ssl.*
	 * (plaintext unless set), 'xds' for the xDS control plane's security config, falling
	 * back to what tls.* and ssl.* say when the control plane sends none (needs
	 * io.grpc:grpc-xds).
	 */
	private @Nullable Credentials credentials;

	private final Tls tls = new Tls();

	private final Ssl ssl = new Ssl();

	@NestedConfigurationProperty
	private final ChannelAuthProperties auth = new ChannelAuthProperties();

	private final Health health = new Health();

	private final Validation validation = new Validation();

	@NestedConfigurationProperty
	private final ChannelRetryThrottlingProperties retryThrottling = new ChannelRetryThrottlingProperties();

	@NestedConfigurationProperty
	private final ChannelWeightedRoundRobinProperties weightedRoundRobin = new ChannelWeightedRoundRobinProperties();

	@NestedConfigurationProperty
	private final ChannelCircuitBreakerProperties circuitBreaker = new ChannelCircuitBreakerProperties();

	/**
	 * Per-service and per-method call settings (deadline, wait-for-ready, retry or hedging).
	 * The most specific entry matching a call applies.
	 */
	private @Nullable List<MethodProperties> method;

	/**
	 * Return a copy of these values in which every unset value is taken from the given
	 * defaults, following the rules of the class description.
	 * @param defaults the values to inherit
	 * @return the merged values
	 */
	ChannelProperties mergedOver(ChannelProperties defaults) {
		ChannelProperties merged = new ChannelProperties();
		inherit(new BeanWrapperImpl(this), new BeanWrapperImpl(defaults), new BeanWrapperImpl(merged));
		return merged;
	}

	private static void inherit(BeanWrapper own, BeanWrapper defaults, BeanWrapper merged) {
		for (PropertyDescriptor property : merged.getPropertyDescriptors()) {
			String name = property.getName();
			if (property.getWriteMethod() != null) {
				Object value = own.getPropertyValue(name);
				merged.setPropertyValue(name, (value != null) ? value : defaults.getPropertyValue(name));
			}
			else if (property.getReadMethod() != null && !"class".equals(name)) {
				inherit(group(own, name), group(defaults, name), group(merged, name));
			}
		}
	}

	private static BeanWrapper group(BeanWrapper owner, String name) {
		Object group = owner.getPropertyValue(name);
		if (group == null) {
			throw new IllegalStateException("No value for nested group '" + name + "' of "
					+ owner.getWrappedClass().getName());
		}
		return new BeanWrapperImpl(group);
	}

	public @Nullable String getTarget() {
		return this.target;
	}

	public void setTarget(@Nullable String target) {
		this.target = target;
	}

	public @Nullable String getAuthority() {
		return this.authority;
	}

	public void setAuthority(@Nullable String authority) {
		this.authority = authority;
	}

	public @Nullable String getUserAgent() {
		return this.userAgent;
	}

	public void setUserAgent(@Nullable String userAgent) {
		this.userAgent = userAgent;
	}

	public @Nullable Duration getIdleTimeout() {
		return this.idleTimeout;
	}

	public void setIdleTimeout(@Nullable Duration idleTimeout) {
		this.idleTimeout = idleTimeout;
	}

	public @Nullable Duration getDefaultDeadline() {
		return this.defaultDeadline;
	}

	public void setDefaultDeadline(@Nullable Duration defaultDeadline) {
		this.defaultDeadline = defaultDeadline;
	}

	public @Nullable Boolean getWaitForReady() {
		return this.waitForReady;
	}

	public void setWaitForReady(@Nullable Boolean waitForReady) {
		this.waitForReady = waitForReady;
	}

	public @Nullable Boolean getGzip() {
		return this.gzip;
	}

	public void setGzip(@Nullable Boolean gzip) {
		this.gzip = gzip;
	}

	public @Nullable LoadBalancingPolicy getLoadBalancingPolicy() {
		return this.loadBalancingPolicy;
	}

	public void setLoadBalancingPolicy(@Nullable LoadBalancingPolicy loadBalancingPolicy) {
		this.loadBalancingPolicy = loadBalancingPolicy;
	}

	public @Nullable List<String> getInterceptors() {
		return this.interceptors;
	}

	public void setInterceptors(@Nullable List<String> interceptors) {
		this.interceptors = interceptors;
	}

	public ChannelKeepaliveProperties getKeepalive() {
		return this.keepalive;
	}

	public ChannelInboundProperties getInbound() {
		return this.inbound;
	}

	public @Nullable Credentials getCredentials() {
		return this.credentials;
	}

	public void setCredentials(@Nullable Credentials credentials) {
		this.credentials = credentials;
	}

	public Tls getTls() {
		return this.tls;
	}

	public Ssl getSsl() {
		return this.ssl;
	}

	public ChannelAuthProperties getAuth() {
		return this.auth;
	}

	public Health getHealth() {
		return this.health;
	}

	public Validation getValidation() {
		return this.validation;
	}

	public ChannelRetryThrottlingProperties getRetryThrottling() {
		return this.retryThrottling;
	}

	public ChannelWeightedRoundRobinProperties getWeightedRoundRobin() {
		return this.weightedRoundRobin;
	}

	public ChannelCircuitBreakerProperties getCircuitBreaker() {
		return this.circuitBreaker;
	}

	public @Nullable List<MethodProperties> getMethod() {
		return this.method;
	}

	public void setMethod(@Nullable List<MethodProperties> method) {
		this.method = method;
	}

	/**
	 * Load-balancing policies of grpc-java, by their service-config names.
	 */
	public enum LoadBalancingPolicy {

		/** Use the first address that connects, stay on it. */
		PICK_FIRST("pick_first"),

		/** Spread calls evenly over every ready address. */
		ROUND_ROBIN("round_robin"),

		/**
		 * Spread calls by the load the servers report (ORCA), see weighted-round-robin.*
		 * (needs io.grpc:grpc-xds).
		 */
		WEIGHTED_ROUND_ROBIN("weighted_round_robin");

		private final String policyName;

		LoadBalancingPolicy(String policyName) {
			this.policyName = policyName;
		}

		/**
		 * Return the name of the policy in grpc-java's service config.
		 * @return the policy name
		 */
		public String policyName() {
			return this.policyName;
		}

	}

	/**
	 * Sources of a channel's transport security.
	 */
	public enum Credentials {

		/** Plaintext, or TLS as tls.* and ssl.* say. */
		TRANSPORT,

		/**
		 * The xDS control plane's security config (XdsChannelCredentials), with tls.* and
		 * ssl.* as the fallback when it sends none.
		 */
		XDS

	}

	/**
	 * Transport security.
	 */
	public static class Tls {

		/**
		 * Whether to use TLS with the JVM's trusted certificates instead of plaintext.
		 */
		private @Nullable Boolean enabled;

		public @Nullable Boolean getEnabled() {
			return this.enabled;
		}

		public void setEnabled(@Nullable Boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * Transport security from a Spring Boot SSL bundle.
	 */
	public static class Ssl {

		/**
		 * Name of the Spring Boot SSL bundle (spring.ssl.bundle.*) holding the trusted
		 * server CAs and, for mutual TLS, the client certificate. Implies TLS. Certificate
		 * updates apply to new connections when the bundle reloads.
		 */
		private @Nullable String bundle;

		public @Nullable String getBundle() {
			return this.bundle;
		}

		public void setBundle(@Nullable String bundle) {
			this.bundle = bundle;
		}

	}

	/**
	 * Client-side health checking.
	 */
	public static class Health {

		/**
		 * Service name to watch with grpc.health.v1 on every backend; backends that do not
		 * report SERVING receive no calls. Needs io.grpc:grpc-services and the round_robin
		 * policy. Unset: no client-side health checking.
		 */
		private @Nullable String serviceName;

		public @Nullable String getServiceName() {
			return this.serviceName;
		}

		public void setServiceName(@Nullable String serviceName) {
			this.serviceName = serviceName;
		}

	}

	/**
	 * Validation of outgoing request messages against their buf.validate rules.
	 */
	public static class Validation {

		/**
		 * Whether to validate each outgoing request message against the buf.validate rules
		 * of its proto and fail the call locally with INVALID_ARGUMENT, without sending the
		 * message, when it breaks one. Needs build.buf:protovalidate.
		 */
		private @Nullable Boolean enabled;

		public @Nullable Boolean getEnabled() {
			return this.enabled;
		}

		public void setEnabled(@Nullable Boolean enabled) {
			this.enabled = enabled;
		}

	}

}
