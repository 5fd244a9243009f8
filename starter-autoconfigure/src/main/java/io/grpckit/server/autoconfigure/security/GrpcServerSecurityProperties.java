package io.grpckit.server.autoconfigure.security;

import java.util.ArrayList;
import java.util.List;

import io.grpckit.server.security.GrpcAccess;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Authentication and per-method authorization of the gRPC server, bound from
 * {@code grpckit.server.security.*}. Active whenever Spring Security is on the classpath,
 * unless {@code grpckit.server.security.enabled=false}.
 */
@ConfigurationProperties("grpckit.server.security")
public class GrpcServerSecurityProperties {

	/**
	 * Whether to authenticate and authorize gRPC calls through Spring Security when it is
	 * on the classpath.
	 */
	private boolean enabled = true;

	/**
	 * Access to methods that no rule matches: 'deny-all' (default, fail closed),
	 * 'authenticated' or 'permit-all'.
	 */
	private GrpcAccess defaultAccess = GrpcAccess.DENY_ALL;

	/**
	 * Whether grpc.health.v1.Health is open to callers without credentials, for probes and
	 * load balancers.
	 */
	private boolean permitHealth;

	/**
	 * Whether server reflection (grpc.reflection.*) is open to callers without
	 * credentials.
	 */
	private boolean permitReflection;

	/**
	 * Access rules, the first rule matching a method decides.
	 */
	private List<Rule> rules = new ArrayList<>();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public GrpcAccess getDefaultAccess() {
		return this.defaultAccess;
	}

	public void setDefaultAccess(GrpcAccess defaultAccess) {
		this.defaultAccess = defaultAccess;
	}

	public boolean isPermitHealth() {
		return this.permitHealth;
	}

	public void setPermitHealth(boolean permitHealth) {
		this.permitHealth = permitHealth;
	}

	public boolean isPermitReflection() {
		return this.permitReflection;
	}

	public void setPermitReflection(boolean permitReflection) {
		this.permitReflection = permitReflection;
	}

	public List<Rule> getRules() {
		return this.rules;
	}

	public void setRules(List<Rule> rules) {
		this.rules = rules;
	}

	/**
	 * Access rule for some methods.
	 */
	public static class Rule {

		/**
		 * Full method names the rule applies to, '*' matching any text, for example
		 * 'helloworld.Greeter/*' or 'helloworld.Greeter/SayHello'.
		 */
		private List<String> methods = new ArrayList<>();

		/**
		 * What callers need: 'permit-all', 'authenticated' (default) or 'deny-all'.
		 */
		private GrpcAccess access = GrpcAccess.AUTHENTICATED;

		/**
		 * Authorities of which an authenticated caller needs at least one, for example
		 * 'ROLE_ADMIN' or 'SCOPE_greet'. Any authenticated caller when empty.
		 */
		private List<String> authorities = new ArrayList<>();

		public List<String> getMethods() {
			return this.methods;
		}

		public void setMethods(List<String> methods) {
			this.methods = methods;
		}

		public GrpcAccess getAccess() {
			return this.access;
		}

		public void setAccess(GrpcAccess access) {
			this.access = access;
		}

		public List<String> getAuthorities() {
			return this.authorities;
		}

		public void setAuthorities(List<String> authorities) {
			this.authorities = authorities;
		}

	}

}
