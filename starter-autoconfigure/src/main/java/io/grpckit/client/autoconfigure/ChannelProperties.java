package io.grpckit.client.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.convert.DataSizeUnit;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.util.unit.DataSize;
import org.springframework.util.unit.DataUnit;

/**
 * Values of one client channel, {@code grpckit.client.channel.<name>.*}. Every value is
 * optional: unset values are inherited from the 'default' channel, then from grpc-java.
 */
public class ChannelProperties {

	/**
	 * Target to connect to: 'host:port', 'static://host1:port1,host2:port2', 'dns:///host:port',
	 * 'in-process:name', or 'scheme:...' for any scheme with a registered name resolver. To
	 * call the in-process server of the same application, use
	 * 'in-process:${grpckit.server.inprocess.name}'.
	 */
	private String target;

	/**
	 * Authority (virtual host) of the calls, also the name the server certificate is
	 * verified against. The target's host when not set.
	 */
	private String authority;

	/**
	 * User agent sent with every call, before grpc-java's own.
	 */
	private String userAgent;

	/**
	 * Time without calls after which the channel goes idle and closes its connections.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration idleTimeout;

	/**
	 * Deadline of every call that has none set by the caller. A call made while serving a
	 * request keeps the earlier of this deadline and the inherited one.
	 */
	@DurationUnit(ChronoUnit.MILLIS)
	private Duration defaultDeadline;

	/**
	 * Whether calls wait for the channel to become ready instead of failing fast while it is
	 * connecting or in transient failure.
	 */
	private Boolean waitForReady;

	/**
	 * Whether to compress outgoing messages with gzip.
	 */
	private Boolean gzip;

	/**
	 * Load-balancing policy across the addresses of the target.
	 */
	private LoadBalancingPolicy loadBalancingPolicy;

	/**
	 * Names of ClientInterceptor beans applied to this channel only, inside the global
	 * ones, in the order given.
	 */
	private List<String> interceptors;

	private final Keepalive keepalive = new Keepalive();

	private final Inbound inbound = new Inbound();

	private final Tls tls = new Tls();

	private final Ssl ssl = new Ssl();

	private final Auth auth = new Auth();

	private final Health health = new Health();

	private final RetryThrottling retryThrottling = new RetryThrottling();

	/**
	 * Per-service and per-method call settings (deadline, wait-for-ready, retry or hedging).
	 * The most specific entry matching a call applies.
	 */
	private List<MethodProperties> method = new ArrayList<>();

	/**
	 * Return a copy of these values in which every unset value is taken from the given
	 * defaults.
	 * @param defaults the values to inherit
	 * @return the merged values
	 */
	ChannelProperties mergedOver(ChannelProperties defaults) {
		ChannelProperties merged = new ChannelProperties();
		merged.target = pick(this.target, defaults.target);
		merged.authority = pick(this.authority, defaults.authority);
		merged.userAgent = pick(this.userAgent, defaults.userAgent);
		merged.idleTimeout = pick(this.idleTimeout, defaults.idleTimeout);
		merged.defaultDeadline = pick(this.defaultDeadline, defaults.defaultDeadline);
		merged.waitForReady = pick(this.waitForReady, defaults.waitForReady);
		merged.gzip = pick(this.gzip, defaults.gzip);
		merged.loadBalancingPolicy = pick(this.loadBalancingPolicy, defaults.loadBalancingPolicy);
		merged.interceptors = pick(this.interceptors, defaults.interceptors);
		merged.keepalive.time = pick(this.keepalive.time, defaults.keepalive.time);
		merged.keepalive.timeout = pick(this.keepalive.timeout, defaults.keepalive.timeout);
		merged.keepalive.withoutCalls = pick(this.keepalive.withoutCalls, defaults.keepalive.withoutCalls);
		merged.inbound.message.maxSize = pick(this.inbound.message.maxSize, defaults.inbound.message.maxSize);
		merged.inbound.metadata.maxSize = pick(this.inbound.metadata.maxSize, defaults.inbound.metadata.maxSize);
		merged.tls.enabled = pick(this.tls.enabled, defaults.tls.enabled);
		merged.ssl.bundle = pick(this.ssl.bundle, defaults.ssl.bundle);
		merged.auth.bearerToken = pick(this.auth.bearerToken, defaults.auth.bearerToken);
		merged.auth.tokenSupplier = pick(this.auth.tokenSupplier, defaults.auth.tokenSupplier);
		merged.auth.basic.username = pick(this.auth.basic.username, defaults.auth.basic.username);
		merged.auth.basic.password = pick(this.auth.basic.password, defaults.auth.basic.password);
		merged.auth.allowPlaintext = pick(this.auth.allowPlaintext, defaults.auth.allowPlaintext);
		merged.health.serviceName = pick(this.health.serviceName, defaults.health.serviceName);
		merged.retryThrottling.maxTokens = pick(this.retryThrottling.maxTokens, defaults.retryThrottling.maxTokens);
		merged.retryThrottling.tokenRatio = pick(this.retryThrottling.tokenRatio, defaults.retryThrottling.tokenRatio);
		// method configs are replaced as a whole: merging entries by position would be surprising
		merged.method = this.method.isEmpty() ? defaults.method : this.method;
		return merged;
	}

	private static <T> T pick(T own, T inherited) {
		return (own != null) ? own : inherited;
	}

	public String getTarget() {
		return this.target;
	}

	public void setTarget(String target) {
		this.target = target;
	}

	public String getAuthority() {
		return this.authority;
	}

	public void setAuthority(String authority) {
		this.authority = authority;
	}

	public String getUserAgent() {
		return this.userAgent;
	}

	public void setUserAgent(String userAgent) {
		this.userAgent = userAgent;
	}

	public Duration getIdleTimeout() {
		return this.idleTimeout;
	}

	public void setIdleTimeout(Duration idleTimeout) {
		this.idleTimeout = idleTimeout;
	}

	public Duration getDefaultDeadline() {
		return this.defaultDeadline;
	}

	public void setDefaultDeadline(Duration defaultDeadline) {
		this.defaultDeadline = defaultDeadline;
	}

	public Boolean getWaitForReady() {
		return this.waitForReady;
	}

	public void setWaitForReady(Boolean waitForReady) {
		this.waitForReady = waitForReady;
	}

	public Boolean getGzip() {
		return this.gzip;
	}

	public void setGzip(Boolean gzip) {
		this.gzip = gzip;
	}

	public LoadBalancingPolicy getLoadBalancingPolicy() {
		return this.loadBalancingPolicy;
	}

	public void setLoadBalancingPolicy(LoadBalancingPolicy loadBalancingPolicy) {
		this.loadBalancingPolicy = loadBalancingPolicy;
	}

	public List<String> getInterceptors() {
		return this.interceptors;
	}

	public void setInterceptors(List<String> interceptors) {
		this.interceptors = interceptors;
	}

	public Keepalive getKeepalive() {
		return this.keepalive;
	}

	public Inbound getInbound() {
		return this.inbound;
	}

	public Tls getTls() {
		return this.tls;
	}

	public Ssl getSsl() {
		return this.ssl;
	}

	public Auth getAuth() {
		return this.auth;
	}

	public Health getHealth() {
		return this.health;
	}

	public RetryThrottling getRetryThrottling() {
		return this.retryThrottling;
	}

	public List<MethodProperties> getMethod() {
		return this.method;
	}

	public void setMethod(List<MethodProperties> method) {
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

		/** Spread calls by the load the servers report (needs io.grpc:grpc-xds). */
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
	 * Keepalive pings.
	 */
	public static class Keepalive {

		/**
		 * Time without reads after which a keepalive ping is sent. Must not be lower than
		 * the server's permitted keepalive time.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration time;

		/**
		 * Time to wait for the ping's answer before the connection is closed.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration timeout;

		/**
		 * Whether to send keepalive pings also when no call is active.
		 */
		private Boolean withoutCalls;

		public Duration getTime() {
			return this.time;
		}

		public void setTime(Duration time) {
			this.time = time;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public Boolean getWithoutCalls() {
			return this.withoutCalls;
		}

		public void setWithoutCalls(Boolean withoutCalls) {
			this.withoutCalls = withoutCalls;
		}

	}

	/**
	 * Limits on what the channel receives.
	 */
	public static class Inbound {

		private final Size message = new Size();

		private final Size metadata = new Size();

		public Size getMessage() {
			return this.message;
		}

		public Size getMetadata() {
			return this.metadata;
		}

	}

	/**
	 * Size limit.
	 */
	public static class Size {

		/**
		 * Maximum size; larger inbound messages or metadata fail the call with
		 * RESOURCE_EXHAUSTED.
		 */
		@DataSizeUnit(DataUnit.BYTES)
		private DataSize maxSize;

		public DataSize getMaxSize() {
			return this.maxSize;
		}

		public void setMaxSize(DataSize maxSize) {
			this.maxSize = maxSize;
		}

	}

	/**
	 * Transport security.
	 */
	public static class Tls {

		/**
		 * Whether to use TLS with the JVM's trusted certificates instead of plaintext.
		 */
		private Boolean enabled;

		public Boolean getEnabled() {
			return this.enabled;
		}

		public void setEnabled(Boolean enabled) {
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
		private String bundle;

		public String getBundle() {
			return this.bundle;
		}

		public void setBundle(String bundle) {
			this.bundle = bundle;
		}

	}

	/**
	 * Credentials sent with every call of the channel, in the 'authorization' header.
	 */
	public static class Auth {

		/**
		 * Bearer token sent with every call, typically '${SOME_ENV_VARIABLE}'.
		 */
		private String bearerToken;

		/**
		 * Name of a BearerTokenSupplier bean asked for the token of every call.
		 */
		private String tokenSupplier;

		private final Basic basic = new Basic();

		/**
		 * Whether credentials may be sent over a plaintext (non-TLS) connection. Calls that
		 * would send them in the clear fail with UNAUTHENTICATED otherwise.
		 */
		private Boolean allowPlaintext;

		public String getBearerToken() {
			return this.bearerToken;
		}

		public void setBearerToken(String bearerToken) {
			this.bearerToken = bearerToken;
		}

		public String getTokenSupplier() {
			return this.tokenSupplier;
		}

		public void setTokenSupplier(String tokenSupplier) {
			this.tokenSupplier = tokenSupplier;
		}

		public Basic getBasic() {
			return this.basic;
		}

		public Boolean getAllowPlaintext() {
			return this.allowPlaintext;
		}

		public void setAllowPlaintext(Boolean allowPlaintext) {
			this.allowPlaintext = allowPlaintext;
		}

		/**
		 * HTTP Basic credentials.
		 */
		public static class Basic {

			/**
			 * User name sent with Basic authentication.
			 */
			private String username;

			/**
			 * Password sent with Basic authentication.
			 */
			private String password;

			public String getUsername() {
				return this.username;
			}

			public void setUsername(String username) {
				this.username = username;
			}

			public String getPassword() {
				return this.password;
			}

			public void setPassword(String password) {
				this.password = password;
			}

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
		private String serviceName;

		public String getServiceName() {
			return this.serviceName;
		}

		public void setServiceName(String serviceName) {
			this.serviceName = serviceName;
		}

	}

	/**
	 * Retry and hedging throttling: stops retries while too many calls fail.
	 */
	public static class RetryThrottling {

		/**
		 * Token bucket size, in (0, 1000]. Each failure takes one token; retries stop while
		 * the bucket is at half or below.
		 */
		private Double maxTokens;

		/**
		 * Tokens each success puts back, greater than 0.
		 */
		private Double tokenRatio;

		public Double getMaxTokens() {
			return this.maxTokens;
		}

		public void setMaxTokens(Double maxTokens) {
			this.maxTokens = maxTokens;
		}

		public Double getTokenRatio() {
			return this.tokenRatio;
		}

		public void setTokenRatio(Double tokenRatio) {
			this.tokenRatio = tokenRatio;
		}

	}

}
