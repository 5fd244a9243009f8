package io.grpckit.server.security;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ordered access rules: the first rule matching a method decides, the default rule decides
 * for methods no rule matches.
 */
public final class GrpcMethodRules {

	private final List<GrpcMethodRule> rules;

	private final GrpcMethodRule defaultRule;

	// method names are few and fixed: remember each decision instead of matching per call
	private final Map<String, GrpcMethodRule> cache = new ConcurrentHashMap<>();

	/**
	 * Create the rules.
	 * @param rules the rules, first match wins
	 * @param defaultAccess access to methods no rule matches
	 */
	public GrpcMethodRules(List<GrpcMethodRule> rules, GrpcAccess defaultAccess) {
		this.rules = List.copyOf(rules);
		this.defaultRule = new GrpcMethodRule(List.of("*"), defaultAccess, java.util.Set.of());
	}

	/**
	 * Return the rule deciding access to a method.
	 * @param fullMethodName the full method name
	 * @return the first matching rule, or the default rule
	 */
	public GrpcMethodRule ruleFor(String fullMethodName) {
		return this.cache.computeIfAbsent(fullMethodName, (name) -> this.rules.stream()
			.filter((rule) -> rule.matches(name))
			.findFirst()
			.orElse(this.defaultRule));
	}

}
