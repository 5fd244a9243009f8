package io.grpckit.server.autoconfigure.security;

import java.util.List;

import io.grpckit.server.security.BearerTokenAuthenticationReader;
import io.grpckit.server.security.GrpcAuthenticationReader;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.util.ClassUtils;

/**
 * Bearer tokens and JWTs, from spring-security-oauth2-resource-server and -jose. Only
 * loaded when those are on the classpath.
 */
final class JwtAuthenticationSupport {

	private static final ClassLoader classLoader = JwtAuthenticationSupport.class.getClassLoader();

	static final boolean BEARER_PRESENT = ClassUtils.isPresent(
			"org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken",
			classLoader);

	static final boolean JWT_PRESENT = BEARER_PRESENT
			&& ClassUtils.isPresent("org.springframework.security.oauth2.jwt.JwtDecoder", classLoader);

	private JwtAuthenticationSupport() {
	}

	static GrpcAuthenticationReader bearerTokenReader() {
		return new BearerTokenAuthenticationReader();
	}

	static void addJwtProvider(BeanFactory beanFactory, List<AuthenticationProvider> providers) {
		beanFactory.getBeanProvider(JwtDecoder.class)
			.ifUnique((decoder) -> providers.add(new JwtAuthenticationProvider(decoder)));
	}

}
