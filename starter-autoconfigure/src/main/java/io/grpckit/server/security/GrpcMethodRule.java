package io.grpckit.server.security;

import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.util.PatternMatchUtils;

/**
 * Access rule for the methods matching any of its patterns: full method names such as
 * {@code helloworld.Greeter/SayHello}, where {@code *} matches any text
 * ({@code helloworld.Greeter/*}, {@code grpc.reflection.*}, {@code *}).
 *
 * @param methods the method patterns
 * @param access what the caller needs
 * @param authorities with {@link GrpcAccess#AUTHENTICATED}, the caller needs one of them;
 * empty for any authenticated caller
 */
public record GrpcMethodRule(List<String> methods, GrpcAccess access, Set<String> authorities) {

	public GrpcMethodRule {
		methods = List.copyOf(methods);
		authorities = Set.copyOf(authorities);
		if (!authorities.isEmpty() && access != GrpcAccess.AUTHENTICATED) {
			throw new IllegalArgumentException("authorities need access 'authenticated', not " + access);
		}
	}

	/**
	 * Return whether the rule applies to a method.
	 * @param fullMethodName the full method name, {@code package.Service/Method}
	 * @return whether a pattern matches
	 */
	public boolean matches(String fullMethodName) {
		return this.methods.stream().anyMatch((pattern) -> PatternMatchUtils.simpleMatch(pattern, fullMethodName));
	}

	/**
	 * Return whether the rule lets a caller in.
	 * @param authentication the caller's authentication, {@code null} or anonymous when it
	 * sent no credentials
	 * @return whether the call may proceed
	 */
	public boolean allows(@Nullable Authentication authentication) {
		return switch (this.access) {
			case PERMIT_ALL -> true;
			case DENY_ALL -> false;
			case AUTHENTICATED -> isAuthenticated(authentication) && (this.authorities.isEmpty()
					|| authentication.getAuthorities()
						.stream()
						.map(GrantedAuthority::getAuthority)
						.anyMatch(this.authorities::contains));
		};
	}

	static boolean isAuthenticated(@Nullable Authentication authentication) {
		return authentication != null && authentication.isAuthenticated()
				&& !(authentication instanceof AnonymousAuthenticationToken);
	}

}
